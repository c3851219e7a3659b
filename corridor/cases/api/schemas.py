"""Request and response bodies of the cases API."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema

from corridor.cases.models import (
    AssistanceKind,
    AssistanceStatus,
    CaseKind,
    CaseState,
    ReferralStatus,
    TransferStatus,
)
from corridor.core.api_schemas import Amount, ConflictOut, ErrorOut, InvalidOut
from corridor.core.ids import DbId

ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: InvalidOut}


class CaseOut(Schema):
    id: int
    reference: str
    office_id: int
    project_id: int
    kind: CaseKind
    person_id: int | None
    household_id: int | None
    summary: str
    state: CaseState
    assigned_to_id: int | None
    closure_reason: str
    closure_note: str
    rejection_reason: str
    created_at: datetime
    version: int
    transfer_pending: bool


class CaseEventOut(Schema):
    at: datetime
    actor_label: str
    kind: str
    from_state: str
    to_state: str
    reason: str
    detail: dict


class AssistanceOut(Schema):
    id: int
    kind: AssistanceKind
    status: AssistanceStatus
    description: str
    beneficiary_id: int | None
    planned_cost: Decimal
    actual_cost: Decimal | None
    delivered_on: date | None
    cancellation_reason: str
    version: int


class CaseReferralOut(Schema):
    id: int
    person_id: int
    partner_id: int
    reason: str
    status: ReferralStatus
    sent_on: date
    answer: str
    answered_on: date | None
    version: int


class NoteOut(Schema):
    id: int
    text: str
    created_at: datetime


class AttachmentOut(Schema):
    id: int
    original_name: str
    file_type: str
    size: int
    created_at: datetime


class CaseDetailOut(CaseOut):
    timeline: list[CaseEventOut]
    assistance: list[AssistanceOut]
    referrals: list[CaseReferralOut]
    notes: list[NoteOut]
    attachments: list[AttachmentOut]


class CaseFilters(Schema):
    state: CaseState | None = None
    kind: CaseKind | None = None
    office_id: DbId | None = None
    project_id: DbId | None = None
    assigned_to_me: bool = False


class CaseIn(Schema):
    project_id: DbId
    kind: CaseKind
    person_id: DbId | None = None
    household_id: DbId | None = None
    summary: str = ""


class CaseTransitionIn(Schema):
    to: CaseState
    reason: str = ""
    note: str = ""
    version: int
    # Closing a case with assistance still planned or a referral open: "cancel" cancels the
    # items (releasing their money) and withdraws the referrals; without it the closing is 422.
    open_work: Literal["", "cancel"] = ""


class AssignIn(Schema):
    assignee_id: DbId | None
    version: int


class TransferIn(Schema):
    """A request to the office `office_id` to take the case over; `version`: the case's."""

    office_id: DbId
    reason: str
    version: int


class TransferOut(Schema):
    """A transfer and the minimal summary of its case that the receiving office sees before it
    accepts: no names, notes or attachments."""

    id: int
    case_id: int
    case_reference: str
    case_kind: CaseKind
    case_state: CaseState
    project_code: str
    people_count: int
    from_office_id: int
    to_office_id: int
    reason: str
    status: TransferStatus
    requested_by: str
    created_at: datetime
    answered_by: str
    answered_at: datetime | None
    decline_reason: str
    version: int

    # Resolved from the transfer when read from the database; a stored answer (an idempotent
    # replay) is the dict already resolved.
    @staticmethod
    def resolve_case_reference(obj) -> str:
        return _read(obj, "case_reference", lambda t: t.case.reference)

    @staticmethod
    def resolve_case_kind(obj) -> str:
        return _read(obj, "case_kind", lambda t: t.case.kind)

    @staticmethod
    def resolve_case_state(obj) -> str:
        return _read(obj, "case_state", lambda t: t.case.state)

    @staticmethod
    def resolve_project_code(obj) -> str:
        return _read(obj, "project_code", lambda t: t.case.project.code)

    @staticmethod
    def resolve_requested_by(obj) -> str:
        return _read(obj, "requested_by", lambda t: t.requested_by.get_username()
                     if t.requested_by_id else "")

    @staticmethod
    def resolve_answered_by(obj) -> str:
        return _read(obj, "answered_by", lambda t: t.answered_by.get_username()
                     if t.answered_by_id else "")


def _read(obj, key: str, read: Callable[[Any], str]) -> str:
    return obj[key] if isinstance(obj, dict) else read(obj)


class TransferFilters(Schema):
    direction: Literal["received", "sent"] | None = None
    status: TransferStatus | None = None


class TransferAnswerIn(Schema):
    version: int


class TransferDeclineIn(Schema):
    reason: str
    version: int


class NoteIn(Schema):
    text: str


class AssistanceIn(Schema):
    kind: AssistanceKind
    planned_cost: Amount
    description: str = ""
    beneficiary_id: DbId | None = None


class DeliverIn(Schema):
    actual_cost: Amount
    delivered_on: date | None = None
    version: int


class CancelIn(Schema):
    reason: str
    version: int


class CaseReferralIn(Schema):
    person_id: DbId
    partner_id: DbId
    reason: str


class AnswerIn(Schema):
    status: ReferralStatus
    answer: str = ""
    answered_on: date | None = None
    version: int


