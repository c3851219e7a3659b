"""Opening a case, moving it through its workflow, assigning it (transfers: services.transfers)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.models import Office, User
from corridor.access.policies import can_in_office, offices_for
from corridor.cases import workflow
from corridor.cases.models import Case, CaseKind, CaseState, ClosureReason, EventKind
from corridor.cases.services import closure
from corridor.cases.services._common import check, event_add
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.partners.models import Project
from corridor.registry import policies as registry_policies
from corridor.registry.models import Household, Person


def _state(code: str) -> str:
    """A state as the reader reads it in a sentence ("in assistance")."""
    return str(CaseState(code).label).lower()


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed([{"field": field, "message": message}])


def _project_reaches(actor, project: Project, office: Office) -> bool:
    """The project is in the actor's project scope, or run by the case's office or one above."""
    if office.path.startswith(project.office.path):
        return True
    return offices_for(actor, "projects.view").filter(pk=project.office_id).exists()


@transaction.atomic
def case_open(*, actor, project: Project, kind: str, person: Person | None = None,
              household: Household | None = None, summary: str = "") -> Case:
    """Open a case for a person or a household, in the office they belong to."""
    if (person is None) == (household is None):
        _refuse("person", _("A case is for one person or one household."))
    subject = person or household
    office = subject.office
    in_registry = (registry_policies.visible_to(actor).filter(pk=person.pk).exists() if person
                   else offices_for(actor, "registry.view").filter(pk=office.pk).exists())
    if not in_registry:
        raise NotFound(_("No such person or household"))
    if not can_in_office(actor, "cases.edit", office.pk):
        raise PermissionDenied(_("You cannot open cases for this office."))
    if kind not in CaseKind.values:
        _refuse("kind", _("unknown kind of case %(value)r") % {"value": kind})
    if not _project_reaches(actor, project, office):
        _refuse("project", _("This project is not run by the office of the case or above it."))
    case = Case(reference=f"pending-{timezone.now().timestamp()}-{subject.pk}", office=office,
                project=project, kind=kind, person=person, household=household, summary=summary,
                opened_by=actor)
    clean_or_refuse(case)
    case.save()
    case.reference = f"CASE-{office.code}-{case.pk:06d}"
    case.save(update_fields=["reference"])
    event_add(case=case, actor=actor, kind=EventKind.OPENED, to_state=CaseState.OPEN,
              detail={"project": project.code, "kind": kind})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=case, summary=case.reference)
    return case


@transaction.atomic
def case_transition(*, actor, case: Case, to: str, expected_version: int, reason: str = "",
                    note: str = "", open_work: str = "") -> Case:
    """Move the case to state `to`. Closing takes a ClosureReason as `reason` (and a note for
    'other'), and, when assistance is still planned or a referral open, `open_work="cancel"`
    (services.closure); rejecting and reopening take a free-text reason."""
    check(actor, case, "view")
    from_state = case.state
    if to not in CaseState.values:
        _refuse("to", _("unknown state %(value)r") % {"value": to})
    step = workflow.move(from_state, to)
    if step is None:
        allowed = ", ".join(_state(s) for s in workflow.next_states(from_state))
        _refuse("to", _("A case cannot go from %(from)s to %(to)s (allowed from here: %(allowed)s).")
                % {"from": _state(from_state), "to": _state(to), "allowed": allowed or _("none")})
    if not can_in_office(actor, step.permission, case.office_id):
        raise PermissionDenied(_("Your role does not allow this move on this case."))
    reason = (reason or "").strip()
    note = (note or "").strip()
    if step.needs_reason and not reason:
        _refuse("reason", _("This move needs a reason."))
    changes: dict = {"state": to}
    if to == CaseState.ASSESSED:
        changes["assessed_by"] = actor
    elif to == CaseState.APPROVED:
        if case.assessed_by_id == actor.pk:
            raise PermissionDenied(_("Four eyes: the person who assessed a case cannot approve it."))
        changes["approved_by"] = actor
    elif to == CaseState.CLOSED:
        if reason not in ClosureReason.values:
            _refuse("reason", _("Closing needs one of: %(reasons)s.")
                    % {"reasons": ", ".join(str(label) for label in ClosureReason.labels)})
        if reason == ClosureReason.COMPLETED and from_state != CaseState.IN_ASSISTANCE:
            _refuse("reason", _("Only a case in assistance can be closed as completed."))
        if reason == ClosureReason.OTHER and not note:
            _refuse("note", _("Say why in a note when the reason is “%(other)s”.")
                    % {"other": ClosureReason.OTHER.label})
        changes.update(closure_reason=reason, closure_note=note)
        # In the move's transaction: a conflict on the case's version below undoes it.
        closure.settle_open_work(actor=actor, case=case, decision=open_work,
                                 reason=ClosureReason(reason).label)
    elif to == CaseState.REJECTED:
        changes["rejection_reason"] = reason
    elif to == CaseState.OPEN:  # reopening: assessment and approval start again
        changes.update(assessed_by=None, approved_by=None, closure_reason="", closure_note="",
                       rejection_reason="")
    return record_move(actor=actor, case=case, from_state=from_state, to=to, changes=changes,
                       expected_version=expected_version, reason=reason, note=note)


def record_move(*, actor, case: Case, from_state: str, to: str, changes: dict,
                expected_version: int, reason: str = "", note: str = "") -> Case:
    """Write a move already allowed (by case_transition, or a hand-over's own right): the
    versioned update, the timeline entry and the audit event."""
    case = versioned_update(case, expected_version=expected_version, changes=changes)
    event_add(case=case, actor=actor, kind=EventKind.STATE_CHANGED, from_state=from_state,
              to_state=to, reason=reason, detail={"note": note} if note else {})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=case,
                 summary=f"{case.reference}: {from_state} → {to}",
                 changes={"state": [from_state, to]})
    return case


@transaction.atomic
def case_assign(*, actor, case: Case, assignee: User | None, expected_version: int) -> Case:
    """Give the case to a worker who holds cases.edit in its office (None: unassign)."""
    check(actor, case)
    if assignee is not None and not can_in_office(assignee, "cases.edit", case.office_id):
        _refuse("assignee", _("This person cannot work on cases of this office."))
    before = case.assigned_to.get_username() if case.assigned_to_id else ""
    case = versioned_update(case, expected_version=expected_version,
                            changes={"assigned_to": assignee})
    after = assignee.get_username() if assignee else ""
    event_add(case=case, actor=actor, kind=EventKind.ASSIGNED,
              detail={"from": before, "to": after})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=case,
                 summary=f"{case.reference} assigned", changes={"assigned_to": [before, after]})
    return case
