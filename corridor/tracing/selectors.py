"""Reads of tracing requests and candidates, always through the policy; views are audited.

Candidates come from the whole registry; an officer sees a candidate's full record only when the
person is in their registry scope, otherwise a minimal card (ADR 0040). Every card shown, and
every comparison, is an audited view of that person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from corridor.access.policies import has_permission
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.models import AuditAction
from corridor.tracing import linkage, policies
from corridor.tracing.models import Candidate, ReunificationPlan, SoughtPerson, TracingRequest


def request_list(*, user, status: str = "", query: str = "") -> QuerySet[TracingRequest]:
    if not has_permission(user, "tracing.view"):
        raise PermissionDenied("Your role does not include tracing.")
    requests = (policies.visible_to(user).select_related("office", "enquirer_person")
                .annotate(sought_count=Count("sought", distinct=True))
                .order_by("-created_at", "-id"))
    if status:
        requests = requests.filter(status=status)
    if query:
        requests = requests.filter(
            Q(reference__icontains=query) | Q(enquirer_name__icontains=query)
            | Q(sought__given_name__icontains=query) | Q(sought__family_name__icontains=query)
        ).distinct()
    return requests


def request_get_for_user(*, user, request_id: int, audit: bool = True) -> TracingRequest:
    request = (policies.visible_to(user).select_related("office", "enquirer_person")
               .prefetch_related(Prefetch("sought", queryset=SoughtPerson.objects.order_by("id")))
               .filter(pk=request_id).first())
    if request is None:
        raise NotFound("No such tracing request")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=request)
    return request


def candidate_get_for_user(*, user, candidate_id: int) -> Candidate:
    candidate = (Candidate.objects.select_related("sought__request__office", "person__office",
                                                  "person__place_of_origin", "person__household")
                 .filter(sought__request__in=policies.visible_to(user), pk=candidate_id).first())
    if candidate is None:
        raise NotFound("No such candidate")
    return candidate


def plan_get_for_user(*, user, plan_id: int, audit: bool = True) -> ReunificationPlan:
    plan = (ReunificationPlan.objects
            .select_related("request__office", "request__enquirer_person",
                            "candidate__sought", "candidate__person__office")
            .prefetch_related("steps")
            .filter(request__in=policies.visible_to(user), pk=plan_id).first())
    if plan is None:
        raise NotFound("No such reunification plan")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=plan,
                     office_id=plan.request.office_id)
    return plan


@dataclass(frozen=True)
class CandidateCard:
    """What the officer may see of a candidate: full details only within their registry scope."""

    candidate: Candidate
    full: bool
    given_name: str
    family_name: str
    sex: str
    birth_year: int | None
    office: str
    original_script_name: str = ""
    birth_date: object = None
    nationality: str = ""


def _card(candidate: Candidate, full: bool) -> CandidateCard:
    person = candidate.person
    card = CandidateCard(
        candidate=candidate, full=full, given_name=person.given_name,
        family_name=person.family_name, sex=person.get_sex_display(),
        birth_year=person.birth_date.year if person.birth_date else None,
        office=person.office.code)
    if full:
        card = CandidateCard(**{**card.__dict__, "original_script_name":
                                person.original_script_name, "birth_date": person.birth_date,
                                "nationality": person.nationality})
    return card


def _audit_candidate_view(user, candidate: Candidate, full: bool, what: str) -> None:
    audit_record(actor=user, action=AuditAction.VIEW, obj=candidate.person,
                 summary=f"Tracing {what} ({'full' if full else 'minimal card'}) for "
                         f"{candidate.sought.request.reference}")


def candidate_cards(*, user, request: TracingRequest) -> dict[int, list[CandidateCard]]:
    """sought person id -> their candidate cards; each card shown is an audited view."""
    candidates = list(Candidate.objects.filter(sought__request=request)
                      .select_related("person__office", "sought__request")
                      .order_by("sought_id", "rank", "id"))
    full_ids = policies.full_record_ids(user, {c.person_id for c in candidates})
    cards: dict[int, list[CandidateCard]] = {}
    for candidate in candidates:
        full = candidate.person_id in full_ids
        _audit_candidate_view(user, candidate, full, "candidate card")
        cards.setdefault(candidate.sought_id, []).append(_card(candidate, full))
    return cards


# Fields a minimal card may show side by side; the others show only how they compared.
MINIMAL_FIELDS = {"given_name", "family_name", "sex"}


@dataclass(frozen=True)
class ComparisonRow:
    field: str
    sought_value: str
    candidate_value: str | None  # None: hidden, the person is outside the officer's scope
    level: str
    category: str  # match, near, mismatch, blank
    weight: float


@dataclass(frozen=True)
class Comparison:
    card: CandidateCard
    match_probability: float
    match_weight: float
    prior_weight: float
    household_rule_applied: bool
    rows: tuple[ComparisonRow, ...]


def candidate_comparison(*, user, candidate: Candidate) -> Comparison:
    """Field by field, as the engine weighed it; an audited view of the candidate."""
    person = candidate.person
    full = bool(policies.full_record_ids(user, [person.pk]))
    explanation = linkage.explain(person, candidate.sought)
    left = linkage.person_record(
        person, place=person.place_of_origin.name if person.place_of_origin_id else "",
        phone=person.phones.values_list("number", flat=True).first() or "",
        address=person.household.address if person.household_id else "")
    right = linkage.sought_record(candidate.sought)
    rows = []
    for evidence in explanation.fields:
        value = left.get(evidence.field, "")
        if evidence.field == "birth_date" and not full:
            value = value[:4]  # the year, as on the minimal card
        elif not full and evidence.field not in MINIMAL_FIELDS:
            value = None
        rows.append(ComparisonRow(field=evidence.field,
                                  sought_value=right.get(evidence.field, ""),
                                  candidate_value=value, level=evidence.level,
                                  category=evidence.category, weight=evidence.weight))
    _audit_candidate_view(user, candidate, full, "comparison")
    return Comparison(card=_card(candidate, full),
                      match_probability=round(explanation.match_probability, 6),
                      match_weight=round(explanation.match_weight, 3),
                      prior_weight=explanation.prior_weight,
                      household_rule_applied=explanation.household_rule_applied,
                      rows=tuple(rows))

