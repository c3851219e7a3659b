"""Job referral: vacancies, skills profiles of the people assisted, and referrals between them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.access.models import Office, validate_iso3
from corridor.core.models import VersionedModel
from corridor.geo.models import AdminArea
from corridor.jobs.vocabulary import EDUCATION_LEVELS, SECTORS
from corridor.registry.models import Person

SECTOR_CHOICES = [(code, _(label)) for code, label in SECTORS]
EDUCATION_CHOICES = [(code, _(label)) for code, label in EDUCATION_LEVELS]


class VacancyStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("vacancy", "Open")
    CLOSED = "closed", pgettext_lazy("vacancy", "Closed")


class Vacancy(VersionedModel):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="vacancies",
                               verbose_name=_("office"))
    title = models.CharField(_("title"), max_length=200)
    employer = models.CharField(_("employer"), max_length=200)
    sector = models.CharField(_("sector"), max_length=30, choices=SECTOR_CHOICES)
    description = models.TextField(_("description"), blank=True)
    required_skills = models.JSONField(_("required skills"), default=list, blank=True)
    desirable_skills = models.JSONField(_("desirable skills"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    education_level = models.CharField(_("minimum education"), max_length=20, blank=True,
                                       choices=EDUCATION_CHOICES)
    years_wanted = models.PositiveSmallIntegerField(_("years of experience wanted"), default=0)
    country = models.CharField(_("country"), max_length=3, validators=[validate_iso3])
    admin_area = models.ForeignKey(AdminArea, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("admin area"))
    place_text = models.CharField(_("place"), max_length=200, blank=True)
    posts = models.PositiveSmallIntegerField(_("number of posts"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=VacancyStatus.choices,
                              default=VacancyStatus.OPEN)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        indexes = [models.Index(fields=["office", "status"], name="vacancy_office_status_idx")]

    def __str__(self) -> str:
        return f"{self.title} — {self.employer}"

    @property
    def admin_area_pcode(self) -> str | None:
        return self.admin_area.pcode if self.admin_area_id else None

    @property
    def is_open(self) -> bool:
        """Open and not past its closing date: computed, never stored twice."""
        return self.status == VacancyStatus.OPEN and (
            self.closing_date is None or self.closing_date >= timezone.localdate())


class Availability(models.TextChoices):
    NOW = "now", _("Available now")
    FROM_DATE = "from_date", _("Available from a date")
    NOT_AVAILABLE = "not_available", _("Not available")


class SkillsProfile(VersionedModel):
    """One per person; personal data, so every view is audited."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="skills_profile",
                                  verbose_name=_("person"))
    skills = models.JSONField(_("skills"), default=list, blank=True)
    education_level = models.CharField(_("education level"), max_length=20, blank=True,
                                       choices=EDUCATION_CHOICES)
    sector_years = models.JSONField(_("years of experience per sector"), default=dict,
                                    blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    preferred_areas = models.ManyToManyField(AdminArea, blank=True, related_name="+",
                                             verbose_name=_("preferred places"))
    preferred_countries = models.JSONField(_("preferred countries"), default=list, blank=True)
    availability = models.CharField(_("availability"), max_length=20,
                                    choices=Availability.choices, default=Availability.NOW)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("skills profile")

    def __str__(self) -> str:
        return f"{self.person}"

    @property
    def preferred_area_pcodes(self) -> list[str]:
        return [area.pcode for area in self.preferred_areas.all()]


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    INTERVIEW = "interview", _("Interview")
    HIRED = "hired", _("Hired")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Where each status may go next; the last three are final.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.REFERRED: frozenset({ReferralStatus.INTERVIEW, ReferralStatus.HIRED,
                                        ReferralStatus.NOT_SELECTED, ReferralStatus.WITHDRAWN}),
    ReferralStatus.INTERVIEW: frozenset({ReferralStatus.HIRED, ReferralStatus.NOT_SELECTED,
                                         ReferralStatus.WITHDRAWN}),
    ReferralStatus.HIRED: frozenset(),
    ReferralStatus.NOT_SELECTED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}


class JobReferral(VersionedModel):
    """A person referred to a vacancy; scoped by the person's office, where the case is."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="job_referrals",
                               verbose_name=_("office"))
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("vacancy"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="job_referrals",
                               verbose_name=_("person"))
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices,
                              default=ReferralStatus.REFERRED)
    referred_on = models.DateField(_("referred on"), default=timezone.localdate)
    interview_on = models.DateField(_("interview on"), null=True, blank=True)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="job_referrals", verbose_name=_("case"))
    assistance_item_id = models.BigIntegerField(null=True, blank=True, editable=False)
    score = models.DecimalField(_("match score when referred"), max_digits=4, decimal_places=1,
                                null=True, blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("job referral")
        constraints = [models.UniqueConstraint(fields=["vacancy", "person"],
                                               name="jobreferral_one_per_vacancy_person")]

    def __str__(self) -> str:
        return f"{self.person} → {self.vacancy}"

    @property
    def next_statuses(self) -> list[str]:
        return sorted(REFERRAL_TRANSITIONS.get(self.status, frozenset()))
