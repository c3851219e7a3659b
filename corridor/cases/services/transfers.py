"""Transfers of a case to another office: a request the receiving office accepts or declines.

Until it is accepted the case stays in its office, marked as transfer pending, and the receiving
office sees only the request (no names, notes or attachments). On acceptance the case and its
people's registry records move together, so the receiving office can work on both and the
sending office loses sight of both where its scope no longer covers them.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.models import Office
from corridor.access.policies import can_in_office
from corridor.cases import policies
from corridor.cases.models import Case, CaseTransfer, EventKind, TransferStatus
from corridor.cases.services._common import check, event_add, locked
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.registry import services as registry_services
from corridor.registry.models import Person


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed([{"field": field, "message": message}])


def _audit(actor, transfer: CaseTransfer, action: str, summary: str, **changes) -> None:
    """Against both offices, so each one's trail shows the request and its outcome."""
    for office_id in (transfer.from_office_id, transfer.to_office_id):
        audit_record(actor=actor, action=action, obj=transfer, office_id=office_id,
                     summary=summary, changes=changes or None)


@transaction.atomic
def transfer_request(*, actor, case: Case, office: Office, reason: str,
                     expected_version: int) -> CaseTransfer:
    """Ask `office` to take the case over; `expected_version` is the case's version read."""
    check(actor, case)
    if not policies.transfer_targets(actor, case).filter(pk=office.pk).exists():
        _refuse("office", _("This case cannot be transferred to that office: choose a country "
                            "or sub-office of its region, or one you work for."))
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", _("A transfer needs a reason."))
    # The request is a write to the case (it is now transfer pending): a stale read of the
    # case is refused with 409, and the version goes up for those who read it before.
    case = versioned_update(locked(case), expected_version=expected_version, changes={})
    if case.transfers.filter(status=TransferStatus.PENDING).exists():
        _refuse("office", _("A transfer of this case is already waiting for an answer."))
    try:
        with transaction.atomic():  # the database's own guard against a concurrent request
            transfer = CaseTransfer.objects.create(case=case, from_office_id=case.office_id,
                                                   to_office=office, reason=reason,
                                                   requested_by=actor)
    except IntegrityError:
        _refuse("office", _("A transfer of this case is already waiting for an answer."))
    event_add(case=case, actor=actor, kind=EventKind.TRANSFER_REQUESTED, reason=reason,
              detail={"transfer_id": transfer.pk, "from": transfer.from_office.code,
                      "to": office.code})
    _audit(actor, transfer, AuditAction.CREATE,
           f"{case.reference}: transfer {transfer.from_office.code} → {office.code} requested")
    return transfer


def _pending(transfer: CaseTransfer, expected_version: int) -> CaseTransfer:
    """The transfer again, locked, if still pending at the version the client read."""
    transfer = CaseTransfer.objects.select_for_update().select_related(
        "case", "from_office", "to_office").get(pk=transfer.pk)
    if transfer.version != expected_version:
        raise VersionConflict(transfer.version)
    if transfer.status != TransferStatus.PENDING:
        _refuse("status", _("This transfer has already been answered or cancelled."))
    return transfer


def _check_answer(actor, transfer: CaseTransfer) -> None:
    if not policies.transfers_visible_to(actor).filter(pk=transfer.pk).exists():
        raise NotFound(_("No such transfer"))
    if not policies.can_answer(actor, transfer):
        raise PermissionDenied(_("Only a case worker of the receiving office can answer a "
                                 "transfer."))


def _close(actor, transfer: CaseTransfer, *, status: str, expected_version: int,
           **changes) -> CaseTransfer:
    return versioned_update(transfer, expected_version=expected_version, changes={
        "status": status, "answered_by": actor, "answered_at": timezone.now(), **changes})


@transaction.atomic
def transfer_accept(*, actor, transfer: CaseTransfer, expected_version: int) -> CaseTransfer:
    """The receiving office takes the case over: the case, its person's record (or its
    household with the members' records) move there; the assignee stays only if they may work
    on cases of the receiving office."""
    _check_answer(actor, transfer)
    transfer = _pending(transfer, expected_version)
    case = locked(transfer.case)
    if case.office_id != transfer.from_office_id:  # moved meanwhile: the request is void
        _refuse("status", _("The case is no longer in the office that asked for the transfer."))
    office, old = transfer.to_office, transfer.from_office
    transfer = _close(actor, transfer, status=TransferStatus.ACCEPTED,
                      expected_version=expected_version)
    assignee = case.assigned_to
    keep = assignee is not None and can_in_office(assignee, "cases.edit", office.pk)
    case = versioned_update(case, expected_version=case.version,
                            changes={"office": office, "assigned_to": assignee if keep else None})
    if case.household_id:
        people = list(Person.objects.filter(household_id=case.household_id))
        households = [case.household]
    else:
        people, households = [case.person], []
    registry_services.records_follow_case(actor=actor, office=office, people=people,
                                          households=households, reference=case.reference)
    event_add(case=case, actor=actor, kind=EventKind.TRANSFERRED, reason=transfer.reason,
              detail={"transfer_id": transfer.pk, "from": old.code, "to": office.code})
    _audit(actor, transfer, AuditAction.UPDATE,
           f"{case.reference} transferred {old.code} → {office.code}",
           status=[TransferStatus.PENDING, TransferStatus.ACCEPTED])
    for office_id in (old.pk, office.pk):
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=case, office_id=office_id,
                     summary=f"{case.reference} transferred {old.code} → {office.code}",
                     changes={"office": [old.code, office.code]})
    return transfer


@transaction.atomic
def transfer_decline(*, actor, transfer: CaseTransfer, reason: str,
                     expected_version: int) -> CaseTransfer:
    """The receiving office refuses, saying why; the case stays where it is."""
    _check_answer(actor, transfer)
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", _("Say why the transfer is declined."))
    transfer = _pending(transfer, expected_version)
    transfer = _close(actor, transfer, status=TransferStatus.DECLINED,
                      expected_version=expected_version, decline_reason=reason)
    event_add(case=transfer.case, actor=actor, kind=EventKind.TRANSFER_DECLINED, reason=reason,
              detail={"transfer_id": transfer.pk, "from": transfer.from_office.code,
                      "to": transfer.to_office.code})
    _audit(actor, transfer, AuditAction.UPDATE,
           f"{transfer.case.reference}: transfer to {transfer.to_office.code} declined",
           status=[TransferStatus.PENDING, TransferStatus.DECLINED])
    return transfer


@transaction.atomic
def transfer_cancel(*, actor, transfer: CaseTransfer, expected_version: int) -> CaseTransfer:
    """The sending office withdraws its request (anyone who may edit the case there)."""
    case = transfer.case
    if not policies.can(actor, "view", case):
        raise NotFound(_("No such transfer"))
    if not policies.can(actor, "edit", case):
        raise PermissionDenied(_("Only a case worker of the sending office can cancel a "
                                 "transfer."))
    transfer = _pending(transfer, expected_version)
    transfer = _close(actor, transfer, status=TransferStatus.CANCELLED,
                      expected_version=expected_version)
    event_add(case=case, actor=actor, kind=EventKind.TRANSFER_CANCELLED,
              detail={"transfer_id": transfer.pk, "from": transfer.from_office.code,
                      "to": transfer.to_office.code})
    _audit(actor, transfer, AuditAction.UPDATE,
           f"{case.reference}: transfer to {transfer.to_office.code} cancelled",
           status=[TransferStatus.PENDING, TransferStatus.CANCELLED])
    return transfer
