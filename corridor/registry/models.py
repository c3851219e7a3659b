"""People the organisation assists. Every field here is personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office, validate_iso3
from corridor.core.models import VersionedModel


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact date")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated from age")


class Category(models.TextChoices):
    ECONOMIC_MIGRANT = "economic_migrant", _("Economic migrant")
    IDP = "idp", _("Internally displaced person")
    REFUGEE = "refugee", _("Refugee")
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum-seeker")
    UNSUCCESSFUL_ASYLUM_SEEKER = "unsuccessful_asylum_seeker", _("Unsuccessful asylum-seeker")
    RETURNING_NATIONAL = "returning_national", _("Returning national")
    TRAFFICKING_VICTIM = "trafficking_victim", _("Victim of trafficking")
    STRANDED_MIGRANT = "stranded_migrant", _("Stranded migrant")
    DEMOBILISED_COMBATANT = "demobilised_combatant", _("Demobilised combatant")
    QUALIFIED_NATIONAL = "qualified_national", _("Qualified national")
    OTHER = "other", _("Other")


class Person(VersionedModel):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="people",
                               verbose_name=_("office"))
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    original_script_name = models.CharField(_("name in original script"), max_length=200,
                                            blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(_("precision of the date of birth"), max_length=10,
                                            choices=DatePrecision.choices,
                                            default=DatePrecision.EXACT)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True,
                                   validators=[validate_iso3])
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["office", "family_name", "given_name"],
                                name="person_office_name_idx")]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


# Fields an editor may change; all personal, so audit events name them without values.
EDITABLE_FIELDS = ["given_name", "family_name", "original_script_name", "sex", "birth_date",
                   "birth_date_precision", "nationality", "category"]
