"""Who sees and edits tracing requests: the office scope of tracing.view and tracing.edit.

Candidates come from the whole registry (tracing is cross-office, ADR 0040); what an officer may
see of a candidate is decided by `full_record_ids`, i.e. the registry's own scope; and a stored
candidate is shown only while its person may be traced (`shown_candidates`).
"""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.policies import can_in_office, offices_for
from corridor.registry import policies as registry_policies
from corridor.tracing import linkage
from corridor.tracing.models import Candidate, TracingRequest


def visible_to(user) -> QuerySet[TracingRequest]:
    return TracingRequest.objects.filter(office__in=offices_for(user, "tracing.view"))


def can(user, action: str, request: TracingRequest) -> bool:
    return can_in_office(user, f"tracing.{action}", request.office_id)


def full_record_ids(user, person_ids) -> set[int]:
    """Of these people, those whose whole record the user may see (registry scope)."""
    return set(registry_policies.visible_to(user).filter(pk__in=list(person_ids))
               .values_list("pk", flat=True))


def shown_candidates(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """The candidates whose person may be traced now: standing and consenting at read time. One
    who withdrew consent, or was merged into another record, since the search is not shown, on
    any page or in the API, whatever the candidate's status."""
    return candidates.filter(person__in=linkage.consenting_people().values("pk"))
