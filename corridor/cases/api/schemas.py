"""Request and response bodies of the cases API."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import field_validator

from corridor.cases.models import (
    AssistanceKind,
    AssistanceStatus,
    CaseKind,
    CaseState,
    ReferralStatus,
)
from corridor.core.api_schemas import Amount, Budget, ConflictOut, ErrorOut, InvalidOut
from corridor.core.ids import DbId
from corridor.partners.models import PartnerKind, ProgrammeCategory
from corridor.partners.selectors import cents

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


class AssignIn(Schema):
    assignee_id: DbId | None
    version: int


class TransferIn(Schema):
    office_id: DbId
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


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    category: ProgrammeCategory
    office_id: int
    currency: str
    budget: Decimal
    committed: Decimal
    spent: Decimal
    start: date
    end: date
    version: int

    @field_validator("committed", "spent")
    @classmethod
    def _two_decimals(cls, value: Decimal) -> Decimal:
        return cents(value)


class ProjectIn(Schema):
    code: str
    title: str
    category: ProgrammeCategory
    office_id: DbId
    currency: str = "USD"
    budget: Budget
    start: date
    end: date


class ProjectPatch(Schema):
    version: int
    title: str = None
    category: ProgrammeCategory = None
    currency: str = None
    budget: Budget = None
    start: date | None = None
    end: date | None = None


class ProjectFilters(Schema):
    office_id: DbId | None = None
    category: ProgrammeCategory | None = None


class PartnerOut(Schema):
    id: int
    name: str
    acronym: str
    kind: PartnerKind
