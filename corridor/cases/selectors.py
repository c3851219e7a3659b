"""Reads of cases, always through the policy; each view of a case or attachment is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy, ngettext

from corridor.access.models import Office
from corridor.access.policies import can_in_office, has_permission, offices_for
from corridor.cases import policies, workflow
from corridor.cases.models import (
    AssistanceItem,
    AssistanceKind,
    AssistanceStatus,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseNote,
    CaseState,
    CaseTransfer,
    ClosureReason,
    Referral,
    ReferralStatus,
    TransferStatus,
)
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.fetch import get_in_scope
from corridor.core.models import AuditAction

_ASSISTANCE_LABELS = dict(AssistanceKind.choices)
_REFERRAL_LABELS = dict(ReferralStatus.choices)
# Reasons the services write themselves, worded when shown: a closing's reason is its code
# ("completed"); a hand-over writes a fixed English text (older events hold it too).
_CLOSURE_LABELS = dict(ClosureReason.choices)
_SERVICE_REASONS = {"Arrived: transport hand-over": gettext_lazy("Arrived: transport hand-over")}


def reason_label(event) -> str:
    """The timeline's reason of `event` in the reader's language where the service wrote it;
    a reason a person typed is shown as typed."""
    if event.to_state == CaseState.CLOSED and event.reason in _CLOSURE_LABELS:
        return str(_CLOSURE_LABELS[event.reason])
    return str(_SERVICE_REASONS.get(event.reason, event.reason))


def _with_pending(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case marked with whether a transfer awaits an answer (`Case.transfer_pending`)."""
    return cases.annotate(has_pending_transfer=Exists(CaseTransfer.objects.filter(
        case=OuterRef("pk"), status=TransferStatus.PENDING)))


def case_list(*, user, state: str = "", kind: str = "", office_id: int | None = None,
              project_id: int | None = None, assigned_to_me: bool = False,
              reference: str = "") -> QuerySet[Case]:
    if not has_permission(user, "cases.view"):
        raise PermissionDenied("Your role does not include seeing cases.")
    cases = _with_pending(policies.visible_to(user)).select_related(
        "office", "project", "person", "household", "assigned_to")
    if state:
        cases = cases.filter(state=state)
    if kind:
        cases = cases.filter(kind=kind)
    if office_id:
        cases = cases.filter(office_id=office_id)
    if project_id:
        cases = cases.filter(project_id=project_id)
    if assigned_to_me:
        cases = cases.filter(assigned_to=user)
    if reference:
        cases = cases.filter(reference__icontains=reference.strip())
    return cases


def case_get_for_user(*, user, case_id: int, audit: bool = True) -> Case:
    """The case if in the user's scope (else NotFound, as if absent); the view is audited."""
    case = get_in_scope(_with_pending(policies.visible_to(user))
                        .select_related("office", "project", "project__office", "person",
                                        "household", "assigned_to", "assessed_by", "approved_by"),
                        case_id, "No such case")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=case, summary=case.reference)
    return case


@dataclass(frozen=True)
class CaseFile:
    """Everything shown with a case: its timeline and what hangs from it."""

    case: Case
    events: list[CaseEvent]
    notes: dict[int, CaseNote]
    attachments: list[CaseAttachment]
    assistance: list[AssistanceItem]
    referrals: list[Referral]


def case_file(*, case: Case) -> CaseFile:
    notes = {n.pk: n for n in case.notes.select_related("author")}
    events = list(case.events.order_by("at", "id"))
    for event in events:  # the note's text shows in the timeline, where it was written
        event.note = notes.get(event.detail.get("note_id"))
        event.item_label = _ASSISTANCE_LABELS.get(event.detail.get("kind"), "")
        event.status_label = _REFERRAL_LABELS.get(event.detail.get("status"), "")
        event.reason_label = reason_label(event)
    return CaseFile(
        case=case,
        events=events,
        notes=notes,
        attachments=list(case.attachments.all()),
        assistance=list(case.assistance_items.select_related("beneficiary")),
        referrals=list(case.referrals.select_related("partner", "person")),
    )


def case_moves_for(*, user, case: Case) -> list[str]:
    """States the user may move the case to (four eyes taken into account)."""
    moves = []
    for to in workflow.next_states(case.state):
        step = workflow.move(case.state, to)
        if not can_in_office(user, step.permission, case.office_id):
            continue
        if to == "approved" and case.assessed_by_id == user.pk:
            continue
        moves.append(to)
    return moves


def attachment_get_for_user(*, user, case_id: int, attachment_id: int) -> CaseAttachment:
    """An attachment of a case in scope; the download is audited."""
    case = case_get_for_user(user=user, case_id=case_id, audit=False)
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound("No such attachment")
    audit_record(actor=user, action=AuditAction.VIEW, obj=attachment, office_id=case.office_id,
                 summary=f"{case.reference}: download {attachment.original_name}")
    return attachment


def assistance_item_get_for_user(*, user, case_id: int, item_id: int) -> AssistanceItem:
    case = case_get_for_user(user=user, case_id=case_id, audit=False)
    item = case.assistance_items.filter(pk=item_id).first()
    if item is None:
        raise NotFound("No such assistance item")
    item.case = case
    return item


def referral_get_for_user(*, user, case_id: int, referral_id: int) -> Referral:
    case = case_get_for_user(user=user, case_id=case_id, audit=False)
    referral = case.referrals.select_related("partner").filter(pk=referral_id).first()
    if referral is None:
        raise NotFound("No such referral")
    referral.case = case
    return referral


def transfer_list(*, user, direction: str = "", status: str = "") -> QuerySet[CaseTransfer]:
    """Transfers the user may see. `direction`: "received" (to an office the user answers for)
    or "sent" (from an office of the user's case scope); empty: both."""
    if not has_permission(user, "cases.view"):
        raise PermissionDenied("Your role does not include seeing cases.")
    transfers = policies.transfers_visible_to(user)
    if direction == "received":
        transfers = transfers.filter(to_office__in=policies.answering_offices(user))
    elif direction == "sent":
        transfers = transfers.filter(from_office__in=offices_for(user, "cases.view"))
    if status:
        transfers = transfers.filter(status=status)
    # How many people the case is for is part of what the receiving office sees; not who.
    return (transfers.select_related("case", "case__project", "from_office", "to_office",
                                     "requested_by", "answered_by")
            .annotate(household_size=Count("case__household__members"))
            .order_by("-created_at", "-id"))  # a grouped query drops the model's ordering


def transfer_get_for_user(*, user, transfer_id: int, audit: bool = True) -> CaseTransfer:
    """A transfer the user may see (else NotFound): its request and the case's summary, which
    is all a receiving office sees before it accepts; the view is audited."""
    transfer = transfer_list(user=user).filter(pk=transfer_id).first()
    if transfer is None:
        raise NotFound("No such transfer")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=transfer,
                     office_id=transfer.to_office_id, summary=transfer.case.reference)
    return transfer


def transfer_office(*, user, case: Case, office_id: int) -> Office:
    """The office a transfer request names: one the case may go to, or one the user sees (which
    the service then refuses, naming the field); an office the user cannot see is NotFound."""
    office = (policies.transfer_targets(user, case).filter(pk=office_id).first()
              or offices_for(user, "offices.view").filter(pk=office_id).first())
    if office is None:
        raise NotFound("No such office")
    return office


def pending_transfer(*, case: Case) -> CaseTransfer | None:
    return (case.transfers.filter(status=TransferStatus.PENDING)
            .select_related("to_office", "requested_by").first())


# What closing a case would leave open (services.closure settles it).
OPEN_REFERRALS = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


@dataclass(frozen=True)
class OpenWork:
    items: list[AssistanceItem]
    referrals: list[Referral]

    def __bool__(self) -> bool:
        return bool(self.items or self.referrals)

    def describe(self) -> str:
        parts = []
        if self.items:
            parts.append(ngettext("%(count)d assistance item still planned",
                                  "%(count)d assistance items still planned",
                                  len(self.items)) % {"count": len(self.items)})
        if self.referrals:
            parts.append(ngettext("%(count)d referral not yet completed",
                                  "%(count)d referrals not yet completed",
                                  len(self.referrals)) % {"count": len(self.referrals)})
        return "; ".join(parts)


def open_work(case: Case) -> OpenWork:
    return OpenWork(
        items=list(case.assistance_items.filter(status=AssistanceStatus.PLANNED).order_by("id")),
        referrals=list(case.referrals.filter(status__in=OPEN_REFERRALS).order_by("id")))
