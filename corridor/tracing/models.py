"""Tracing requests: who is looking for whom, the candidates the registry proposes, the review,
and the plan that reunites a family. Every field naming a person is personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.access.models import Office
from corridor.core.models import VersionedModel
from corridor.registry.models import Person, Sex


class Cause(models.TextChoices):
    CONFLICT = "conflict", _("Conflict")
    DISASTER = "disaster", _("Disaster")
    MIGRATION = "migration", _("Migration")
    DETENTION = "detention", _("Detention")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("tracing request", "Open")
    MATCH_PROPOSED = "match_proposed", _("Match proposed")
    MATCH_CONFIRMED = "match_confirmed", _("Match confirmed")
    REUNIFICATION = "reunification", _("Reunification")
    CLOSED = "closed", pgettext_lazy("tracing request", "Closed")


class Kinship(models.TextChoices):
    """What the sought person is to the enquirer."""

    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SPOUSE = "spouse", _("Spouse or partner")
    SIBLING = "sibling", _("Brother or sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", _("Other")


class TracingRequest(VersionedModel):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="tracing_requests",
                               verbose_name=_("office"))
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    enquirer_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="tracing_enquiries",
                                        verbose_name=_("enquirer (registered person)"))
    enquirer_name = models.CharField(_("enquirer's name"), max_length=200, blank=True)
    enquirer_contact = models.CharField(_("enquirer's contact"), max_length=200, blank=True)
    enquirer_consent = models.BooleanField(_("the enquirer consents to tracing"), default=False)
    cause = models.CharField(_("cause of separation"), max_length=20, choices=Cause.choices)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tracing request")

    def __str__(self) -> str:
        return self.reference

    @property
    def enquirer_label(self) -> str:
        return str(self.enquirer_person) if self.enquirer_person_id else self.enquirer_name


class SoughtPerson(models.Model):
    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="sought",
                                verbose_name=_("tracing request"))
    relation = models.CharField(_("relation to the enquirer"), max_length=20,
                                choices=Kinship.choices, blank=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    original_script_name = models.CharField(_("name in original script"), max_length=200,
                                            blank=True)
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("year of birth (approximate)"), null=True,
                                                  blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    father_name = models.CharField(_("father's name"), max_length=200, blank=True)
    mother_name = models.CharField(_("mother's name"), max_length=200, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    place_of_origin = models.CharField(_("place of origin"), max_length=200, blank=True)
    last_seen_place = models.CharField(_("last seen at"), max_length=200, blank=True)
    last_seen_on = models.DateField(_("last seen on"), null=True, blank=True)
    found_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("found as"))
    searched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("sought person")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("candidate match", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("candidate match", "Confirmed")
    REJECTED = "rejected", pgettext_lazy("candidate match", "Rejected")


class Candidate(VersionedModel):
    """A registered person the linkage engine proposed for a sought person."""

    sought = models.ForeignKey(SoughtPerson, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    match_probability = models.DecimalField(_("match probability"), max_digits=7,
                                            decimal_places=6)
    status = models.CharField(_("status"), max_length=10, choices=CandidateStatus.choices,
                              default=CandidateStatus.PROPOSED)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The engine's field-by-field explanation, computed once when the candidate is stored (the
    # review page would otherwise score the pair again on every view).
    explanation = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["sought_id", "rank", "id"]
        verbose_name = _("candidate match")
        constraints = [models.UniqueConstraint(fields=["sought", "person"],
                                               name="tracing_candidate_unique")]

    def __str__(self) -> str:
        return f"{self.sought_id}→{self.person_id}"


class RegistrySearch(models.Model):
    """One registry search an officer ran, counted against TRACING_SEARCHES_PER_DAY."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="searches")
    sought_count = models.PositiveSmallIntegerField(_("sought persons searched"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("registry search")
        indexes = [models.Index(fields=["actor", "at"], name="tracing_search_actor_at")]

    def __str__(self) -> str:
        return f"search {self.pk} of {self.request_id}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("In progress")
    READY = "ready", _("Ready for movement")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ReunificationPlan(VersionedModel):
    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="plan")
    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(_("status"), max_length=15, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    movement_origin = models.CharField(_("movement from"), max_length=200, blank=True)
    movement_destination = models.CharField(_("movement to"), max_length=200, blank=True)
    movement_date_wanted = models.DateField(_("movement wanted on"), null=True, blank=True)
    # Set when the movements app takes the booking; its own id, not a foreign key yet.
    movement_reference = models.CharField(_("movement booking"), max_length=60, blank=True)
    # The booking taken for this plan through the movements services (ADR 0041).
    booking = models.ForeignKey("movements.Booking", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("booking"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("reunification plan")

    def __str__(self) -> str:
        return f"plan {self.pk} for {self.request_id}"

    @property
    def office_id(self) -> int:
        return self.request.office_id


class StepKind(models.TextChoices):
    VERIFICATION = "verification", _("Verification of the family link")
    AGREEMENT_ENQUIRER = "agreement_enquirer", _("Agreement of the enquirer")
    AGREEMENT_SOUGHT = "agreement_sought", _("Agreement of the person found")
    BEST_INTERESTS = "best_interests", _("Best interests of the child")


class PlanStep(models.Model):
    plan = models.ForeignKey(ReunificationPlan, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    done_on = models.DateField(_("done on"))
    done_by = models.CharField(_("done by"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "id"]
        verbose_name = _("plan step")
        constraints = [models.UniqueConstraint(fields=["plan", "kind"],
                                               name="tracing_plan_step_unique")]

    def __str__(self) -> str:
        return self.kind
