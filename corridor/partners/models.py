"""Partner agencies, their contacts, offices and users, and the projects under which people are
assisted. Agreements, exchange profiles and joint operations: models_sharing, models_exchange,
models_operations (imported at the end, so Django finds them here)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office
from corridor.core.models import VersionedModel


class PartnerKind(models.TextChoices):
    UN_AGENCY = "un_agency", _("UN agency")
    RED_CROSS = "red_cross", _("Red Cross or Red Crescent")
    NGO = "ngo", _("Non-governmental organisation")
    GOVERNMENT = "government", _("Government")
    OTHER = "other", _("Other")


class Partner(VersionedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    mandate = models.TextField(_("mandate"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")

    def __str__(self) -> str:
        return self.acronym or self.name


class ProgrammeCategory(models.TextChoices):
    """The organisation's four kinds of programme (memorandum A/51/232)."""

    HUMANITARIAN = "humanitarian", _("Humanitarian migration")
    DEVELOPMENT = "development", _("Migration for development")
    TECHNICAL_COOPERATION = "technical_cooperation", _("Technical cooperation on migration")
    DEBATE_RESEARCH = "debate_research", _("Migration debate, research and information")


class Project(VersionedModel):
    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("programme category"), max_length=30,
                                choices=ProgrammeCategory.choices)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="projects",
                               verbose_name=_("office"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})
        if self.budget is not None and self.budget < 0:
            raise ValidationError({"budget": _("A budget cannot be negative.")})


class PartnerContact(models.Model):
    """A person to reach at the partner (staff of the agency, not a person assisted)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("contact")

    def __str__(self) -> str:
        return self.name


class PartnerOffice(models.Model):
    """One of the partner's own offices; `office` is the Corridor office it works with."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="offices")
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=3, blank=True)
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("Corridor office"))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner office")

    def __str__(self) -> str:
        return self.name


class PartnerMember(models.Model):
    """A user who belongs to a partner (with the partner viewer role): one partner each."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="members")
    user = models.OneToOneField("access.User", on_delete=models.CASCADE,
                                related_name="partner_membership")

    class Meta:
        verbose_name = _("partner's user")

    def __str__(self) -> str:
        return f"{self.user} ({self.partner})"


from corridor.partners.models_exchange import *  # noqa: E402, F403
from corridor.partners.models_operations import *  # noqa: E402, F403
from corridor.partners.models_sharing import *  # noqa: E402, F403  (one models module for Django)
