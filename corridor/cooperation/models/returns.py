"""Return of qualified nationals: the skills a country needs (ISCO-08 occupations), the
candidates abroad (registered people with a case of that kind), the placement of one in a post
matched with its reasons by the jobs matching engine, and the follow-ups at 6 and 12 months."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office, validate_iso3
from corridor.cooperation.isco import OCCUPATIONS
from corridor.core.models import VersionedModel
from corridor.jobs.models import EDUCATION_CHOICES, SECTOR_CHOICES
from corridor.registry.models import Person

# Titles translated when shown (isco.py marks them for the catalogues).
OCCUPATION_CHOICES = [(code, format_lazy("{} {}", code, _(title)))
                      for code, (title, *_rest) in OCCUPATIONS.items()]
FOLLOW_UP_MONTHS = (6, 12)


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class SkillNeed(VersionedModel):
    """A post a country's institution wants filled by a returning national."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("office"))
    country = models.CharField(_("country"), max_length=3, validators=[validate_iso3])
    occupation = models.CharField(_("occupation (ISCO-08)"), max_length=4,
                                  choices=OCCUPATION_CHOICES)
    institution = models.CharField(_("institution"), max_length=200)
    sector = models.CharField(_("sector"), max_length=30, choices=SECTOR_CHOICES)
    required_skills = models.JSONField(_("required skills"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    education_level = models.CharField(_("minimum education"), max_length=20, blank=True,
                                       choices=EDUCATION_CHOICES)
    years_wanted = models.PositiveSmallIntegerField(_("years of experience wanted"), default=0,
                                                    validators=[MaxValueValidator(60)])
    posts = models.PositiveSmallIntegerField(_("number of posts"), default=1,
                                             validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus.choices,
                              default=NeedStatus.OPEN)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("skill need")

    def __str__(self) -> str:
        return f"{self.country} · {self.get_occupation_display()} · {self.institution}"


class ReturnCandidate(VersionedModel):
    """A qualified national abroad who may return: a person of the registry with a case of the
    kind "return of qualified nationals", in the person's office."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("office"))
    person = models.OneToOneField(Person, on_delete=models.PROTECT,
                                  related_name="return_candidacy", verbose_name=_("person"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("case"))
    residing_in = models.CharField(_("country of residence"), max_length=3,
                                   validators=[validate_iso3])
    returning_to = models.CharField(_("country of return"), max_length=3,
                                    validators=[validate_iso3])
    occupation = models.CharField(_("occupation (ISCO-08)"), max_length=4,
                                  choices=OCCUPATION_CHOICES)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("return candidate")

    def __str__(self) -> str:
        return f"{self.person_id} → {self.returning_to}"


class Placement(VersionedModel):
    need = models.ForeignKey(SkillNeed, on_delete=models.PROTECT, related_name="placements",
                             verbose_name=_("skill need"))
    candidate = models.OneToOneField(ReturnCandidate, on_delete=models.PROTECT,
                                     related_name="placement", verbose_name=_("candidate"))
    position = models.CharField(_("position"), max_length=200)
    placed_on = models.DateField(_("starts on"))
    # The match when placed: its score and reasons, as the engine gave them then.
    score = models.DecimalField(_("match score"), max_digits=4, decimal_places=1)
    reasons = models.JSONField(_("reasons"), default=dict)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-placed_on", "-id"]
        verbose_name = _("placement")

    def __str__(self) -> str:
        return f"{self.candidate_id} · {self.position}"

    @property
    def reasons_match(self) -> dict:
        """The kept reasons in the shape the jobs module's explanation template reads."""
        return {"score": self.score, "explanation": self.reasons}


class FollowUpOutcome(models.TextChoices):
    IN_POST = "in_post", _("Still in the post")
    OTHER_POST = "other_post", _("In another post in the country")
    LEFT_POST = "left_post", _("Left the post, still in the country")
    LEFT_COUNTRY = "left_country", _("Left the country again")
    UNREACHABLE = "unreachable", _("Could not be reached")


class FollowUp(models.Model):
    """Due 6 and 12 months after the placement's start. The due date is kept (made with the
    placement) so that the work queue finds what is due in one indexed query on both databases;
    a placement's start date is not edited afterwards."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due on"), db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=FollowUpOutcome.choices,
                               blank=True)
    note = models.TextField(_("note"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["placement", "months"],
                                               name="coop_follow_up_once")]

    def __str__(self) -> str:
        return f"{self.placement_id} +{self.months}"
