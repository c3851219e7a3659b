"""People the organisation assists and their households. Every field here is personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office, validate_iso3
from corridor.core.models import VersionedModel
from corridor.geo.models import AdminArea


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


class Vulnerability(models.TextChoices):
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("Unaccompanied child")
    SEPARATED_CHILD = "separated_child", _("Separated child")
    DISABILITY = "disability", _("Disability")
    SERIOUS_MEDICAL = "serious_medical", _("Serious medical condition")
    PREGNANT_OR_LACTATING = "pregnant_or_lactating", _("Pregnant or lactating")
    OLDER_PERSON = "older_person", _("Older person at risk")
    SINGLE_PARENT = "single_parent", _("Single parent")
    SURVIVOR_OF_VIOLENCE = "survivor_of_violence", _("Survivor of violence or torture")
    TRAFFICKING_RISK = "trafficking_risk", _("At risk of trafficking")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    NOT_RELATED = "not_related", _("Not related")


class Household(VersionedModel):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="households",
                               verbose_name=_("office"))
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["reference"]
        verbose_name = _("household")

    def __str__(self) -> str:
        return self.reference


class Person(VersionedModel):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="people",
                               verbose_name=_("office"))
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="members", verbose_name=_("household"))
    relation_to_head = models.CharField(_("relation to the head"), max_length=20, blank=True,
                                        choices=Relation.choices)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    original_script_name = models.CharField(_("name in original script"), max_length=200,
                                            blank=True)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(_("precision of the date of birth"), max_length=10,
                                            choices=DatePrecision.choices,
                                            default=DatePrecision.EXACT)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True,
                                   validators=[validate_iso3])
    place_of_origin = models.ForeignKey(AdminArea, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("place of origin"))
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    # Deduplication keeps every registration: a merged one points at the record that stands for
    # the person from then on, and undoing the merge clears it. Lists show only standing records.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_records", editable=False,
                                    verbose_name=_("merged into"))

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["office", "family_name", "given_name"],
                         name="person_office_name_idx"),
            # Lists are ordered by name: without this, a page of 50 sorts the whole registry.
            models.Index(fields=["family_name", "given_name", "id"], name="person_name_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def place_of_origin_pcode(self) -> str | None:
        return self.place_of_origin.pcode if self.place_of_origin_id else None


class PersonNameKey(models.Model):
    """One key of a person's names, transliterated and folded: what name search looks up
    (see `registry.search`)."""

    KEY_LENGTH = 40

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys",
                               db_index=False)
    key = models.CharField(max_length=KEY_LENGTH)

    class Meta:
        constraints = [
            # Also the index a query word's range scan reads (key first).
            models.UniqueConstraint(fields=["key", "person"], name="person_name_key_unique"),
        ]
        # Checking one person's keys (a common name read in list order), and deleting them.
        indexes = [models.Index(fields=["person", "key"], name="person_name_key_person_idx")]

    def __str__(self) -> str:
        return self.key


class Phone(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone number"), max_length=20, db_index=True)  # E.164
    label = models.CharField(_("label"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("phone number")

    def __str__(self) -> str:
        return self.number


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    REFUGEE_ID = "refugee_id", _("Refugee or asylum document")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    TRAVEL_DOCUMENT = "travel_document", _("Travel document")
    OTHER = "other", _("Other")


class IdentityDocument(models.Model):
    """The number is kept encrypted; `number_digest`, a keyed hash, finds it by exact look-up."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number_encrypted = models.TextField()
    number_digest = models.CharField(max_length=64, db_index=True)
    issuing_country = models.CharField(_("issuing country"), max_length=3, blank=True,
                                       validators=[validate_iso3])
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def number(self) -> str:
        """The number to show; a placeholder when no configured key opens it."""
        from corridor.registry.documents import reveal

        return reveal(self.number_encrypted, record=f"{self._meta.label_lower} {self.pk}")


class ConsentPurpose(models.TextChoices):
    ASSISTANCE = "assistance", _("Assistance")
    TRACING = "tracing", _("Tracing")
    SHARING = "sharing", _("Sharing with a partner")


class Consent(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    partner = models.ForeignKey("partners.Partner", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    # The privacy notice the person was told (partners app): what a sharing consent allows.
    notice = models.ForeignKey("partners.PrivacyNotice", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("privacy notice"))
    given = models.BooleanField(_("given"))
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("consent")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.given}"


# Fields an editor may change; all personal, so audit events name them without values.
EDITABLE_FIELDS = ["given_name", "family_name", "original_script_name", "aliases", "sex",
                   "birth_date", "birth_date_precision", "nationality", "place_of_origin",
                   "category", "vulnerabilities", "languages", "relation_to_head"]
