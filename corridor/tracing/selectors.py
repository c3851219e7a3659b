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
from corridor.core.errors import PermissionDenied
from corridor.core.fetch import get_in_scope
from corridor.core.models import AuditAction
from corridor.deduplication import records
from corridor.deduplication.comparisons import ComparisonRow, comparison_rows
from corridor.tracing import linkage, policies
from corridor.tracing.models import (
    Candidate,
    ReunificationPlan,
    SoughtPerson,
    TracingRequest,
)


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
    request = get_in_scope(
        policies.visible_to(user).select_related("office", "enquirer_person")
        .prefetch_related(Prefetch("sought", queryset=SoughtPerson.objects.order_by("id"))),
        request_id, "No such tracing request")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=request)
    return request


def candidate_get_for_user(*, user, candidate_id: int) -> Candidate:
    # A withdrawn candidate answers as one that never was (shown_candidates).
    candidate = get_in_scope(
        policies.shown_candidates(Candidate.objects)
        .select_related("sought__request__office", "person__office",
                        "person__place_of_origin", "person__household")
        .filter(sought__request__in=policies.visible_to(user)), candidate_id,
        "No such candidate", office_field="sought__request__office_id")
    return candidate


def plan_get_for_user(*, user, plan_id: int, audit: bool = True) -> ReunificationPlan:
    plan = get_in_scope(ReunificationPlan.objects
                        .select_related("request__office", "request__enquirer_person",
                                        "candidate__sought", "candidate__person__office")
                        .prefetch_related("steps")
                        .filter(request__in=policies.visible_to(user)), plan_id,
                        "No such reunification plan", office_field="request__office_id")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=plan,
                     office_id=plan.request.office_id)
    return plan


@dataclass(frozen=True)
class CandidateCard:
    """What the officer may see of a candidate: full details only within their registry scope.

    `match_probability`: on a full card the search's; on a minimal card the one the card's own
    fields give (None when the candidate has no stored explanation), since the search's also
    counts the hidden fields."""

    candidate: Candidate
    full: bool
    given_name: str
    family_name: str
    sex: str
    birth_year: int | None
    office: str
    match_probability: float | None
    original_script_name: str = ""
    birth_date: object = None
    nationality: str = ""


# Fields a minimal card shows side by side and whose comparison (level, weight) it shows. The
# year of birth is on the card too, but not how the dates compared: "match: same date" next to
# a year would confirm the full date. Every other field shows nothing but its name.
MINIMAL_FIELDS = {"given_name", "family_name", "sex"}


def _card(candidate: Candidate, full: bool) -> CandidateCard:
    person = candidate.person
    if full:
        probability: float | None = float(candidate.match_probability)
    elif candidate.explanation:
        probability = _shown_probability(records.explanation_from(candidate.explanation))
    else:
        probability = None
    card = CandidateCard(
        candidate=candidate, full=full, given_name=person.given_name,
        family_name=person.family_name, sex=person.get_sex_display(),
        birth_year=person.birth_date.year if person.birth_date else None,
        office=person.office.code, match_probability=probability)
    if full:
        card = CandidateCard(**{**card.__dict__, "original_script_name":
                                person.original_script_name, "birth_date": person.birth_date,
                                "nationality": person.nationality})
    return card


def _shown_weight(explanation) -> float:
    """The match weight of the minimal card's fields alone: the prior, the names' correction
    (a property of the names, shown), and the weights of the card's fields."""
    return (explanation.prior_weight + explanation.names_correction
            + sum(f.weight for f in explanation.fields if f.field in MINIMAL_FIELDS))


def _shown_probability(explanation) -> float:
    return round(float(records.probability_of(_shown_weight(explanation))), 6)


def _audit_candidate_view(user, candidate: Candidate, full: bool, what: str) -> None:
    # The person shown, with the candidate and the request behind it (whose sought person the
    # card is compared with); both offices' administrators see the view.
    request = candidate.sought.request
    audit_record(actor=user, action=AuditAction.VIEW, obj=candidate.person,
                 summary=f"Tracing {what} ({'full' if full else 'minimal card'}) for "
                         f"{request.reference}",
                 changes={"candidate": candidate.pk, "request": request.pk},
                 offices=[candidate.person.office_id, request.office_id])


def candidate_card(*, user, candidate: Candidate) -> CandidateCard:
    """One candidate's card (full within the registry scope, minimal outside); audited."""
    full = bool(policies.full_record_ids(user, [candidate.person_id]))
    _audit_candidate_view(user, candidate, full, "candidate card")
    return _card(candidate, full)


def candidate_cards(*, user, request: TracingRequest) -> dict[int, list[CandidateCard]]:
    """sought person id -> the cards of their candidates still traceable (`withdrawn_counts`
    counts the others); each card shown is an audited view."""
    candidates = list(policies.shown_candidates(Candidate.objects.filter(sought__request=request))
                      .select_related("person__office", "sought__request")
                      .order_by("sought_id", "rank", "id"))
    full_ids = policies.full_record_ids(user, {c.person_id for c in candidates})
    cards: dict[int, list[CandidateCard]] = {}
    for candidate in candidates:
        full = candidate.person_id in full_ids
        _audit_candidate_view(user, candidate, full, "candidate card")
        cards.setdefault(candidate.sought_id, []).append(_card(candidate, full))
    return cards


def candidate_shown(*, candidate_id: int) -> bool:
    """Whether the candidate's person may still be traced (a plan names them only then)."""
    return policies.shown_candidates(Candidate.objects.filter(pk=candidate_id)).exists()


def withdrawn_counts(*, request: TracingRequest) -> dict[int, int]:
    """sought person id -> how many of their stored candidates are withdrawn (consent withdrawn,
    or merged into another record, since the search): counted, never named."""
    stored = Candidate.objects.filter(sought__request=request)
    withdrawn = stored.exclude(pk__in=policies.shown_candidates(stored).values("pk"))
    return dict(withdrawn.values("sought_id").annotate(n=Count("id"))
                .values_list("sought_id", "n"))


@dataclass(frozen=True)
class Comparison:
    card: CandidateCard
    match_probability: float
    match_weight: float
    prior_weight: float
    household_rule_applied: bool | None  # None: hidden (the rule reads relatives' fields)
    rows: tuple[ComparisonRow, ...]


def candidate_comparison(*, user, candidate: Candidate) -> Comparison:
    """Field by field, as the engine weighed it; an audited view of the candidate. Outside the
    registry scope, only the card's fields are compared, and the probability is theirs alone."""
    person = candidate.person
    full = bool(policies.full_record_ids(user, [person.pk]))
    if candidate.explanation:
        explanation = records.explanation_from(candidate.explanation)
    else:  # stored before explanations were kept: score it once and keep it
        explanation = linkage.explain(person, candidate.sought)
        candidate.explanation = records.explanation_data(explanation)
        Candidate.objects.filter(pk=candidate.pk).update(explanation=candidate.explanation)
    left = records.person_record(
        person, place=person.place_of_origin.name if person.place_of_origin_id else "",
        phone=person.phones.values_list("number", flat=True).first() or "",
        address=person.household.address if person.household_id else "")
    right = linkage.sought_record(candidate.sought)
    rows = comparison_rows(explanation, right, left, shown=None if full else MINIMAL_FIELDS)
    _audit_candidate_view(user, candidate, full, "comparison")
    if full:
        probability, weight = explanation.match_probability, explanation.match_weight
    else:
        probability, weight = _shown_probability(explanation), _shown_weight(explanation)
    return Comparison(card=_card(candidate, full),
                      match_probability=round(probability, 6),
                      match_weight=round(weight, 3),
                      prior_weight=explanation.prior_weight,
                      household_rule_applied=explanation.household_rule_applied if full else None,
                      rows=rows)
