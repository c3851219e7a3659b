"""What every case service shares: the policy checks and the timeline entry."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from corridor.cases import policies
from corridor.cases.models import Case, CaseEvent
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.fetch import refusal_for


def check(actor, case: Case, action: str = "edit") -> None:
    """Out of scope is NotFound (as if absent); in scope without the right is PermissionDenied."""
    if not policies.can(actor, "view", case):
        raise NotFound(_("No such case"), refused=refusal_for(Case, case.pk))
    if not policies.can(actor, action, case):
        raise PermissionDenied(_("Your role does not allow this on this case."))


def locked(case: Case) -> Case:
    """The row again, locked until the transaction ends (serialises budget checks and moves)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def event_add(*, case: Case, actor, kind: str, from_state: str = "", to_state: str = "",
              reason: str = "", detail: dict[str, Any] | None = None) -> CaseEvent:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return CaseEvent.objects.create(
        case=case, actor=actor if authenticated else None,
        actor_label=actor.get_username() if authenticated else "", kind=kind,
        from_state=from_state, to_state=to_state, reason=reason, detail=detail or {})
