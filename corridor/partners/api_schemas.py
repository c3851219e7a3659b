"""Schemas of the partners' API: projects, partners, agreements, shared records, exchange
profiles, joint operations."""


from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field, field_validator

from corridor.core.api_schemas import Budget
from corridor.core.ids import DbId
from corridor.partners.models import (
    AgreementKind,
    AgreementStatus,
    OverrideStatus,
    PartnerKind,
    ProgrammeCategory,
    SharingPurpose,
)
from corridor.partners.selectors import cents


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
    mandate: str = ""


class PartnerIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    acronym: str = Field("", max_length=30)
    kind: PartnerKind
    mandate: str = ""


class PartnerMemberIn(Schema):
    user_id: DbId


class PartnerContactIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    role: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)


class NoticeIn(Schema):
    code: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=200)
    text: str = ""
    purposes: list[SharingPurpose]
    fields: list[str]
    partner_ids: list[DbId]


class NoticeOut(Schema):
    id: int
    code: str
    edition: int
    title: str
    purposes: list[str]
    fields: list[str]


class PartnersAgreementIn(Schema):
    partner_id: DbId
    kind: AgreementKind
    reference: str = Field(min_length=1, max_length=60)
    title: str = Field(min_length=1, max_length=200)
    purpose: SharingPurpose | Literal[""] = ""
    legal_basis: str = Field("", max_length=255)
    notice_id: DbId | None = None
    fields: list[str] = []
    office_ids: list[DbId]
    categories: list[str] = []
    registered_from: date | None = None
    registered_until: date | None = None
    user_ids: list[DbId] = []
    start: date
    end: date


class PartnersAgreementOut(Schema):
    id: int
    partner_id: int
    kind: AgreementKind
    reference: str
    title: str
    purpose: str
    legal_basis: str
    notice_id: int | None
    fields: list[str]
    categories: list[str]
    start: date
    end: date
    edition: int
    status: AgreementStatus
    state_today: str
    version: int


class AgreementStatusIn(Schema):
    status: Literal["in_force", "revoked"]
    reason: str = ""
    version: int


class DisclosureOut(Schema):
    id: int
    at: datetime
    actor_label: str
    action: str
    summary: str
    fields: list[str]
    people: list[int]


class SharedRecordOut(Schema):
    person_id: int
    fields: list[str]
    values: dict[str, str | int | None]


class SharedAgreementOut(Schema):
    id: int
    reference: str
    title: str
    start: date
    end: date
    fields: list[str]


class EmergencyIn(Schema):
    partner_id: DbId
    person_id: DbId
    fields: list[str]
    reason: str
    days: int = Field(3, ge=1, le=14)


class EmergencyOut(Schema):
    id: int
    partner_id: int
    person_id: int
    fields: list[str]
    reason: str
    status: OverrideStatus
    days: int
    requested_by_id: int
    decided_by_id: int | None
    decided_on: date | None
    version: int


class EmergencyDecisionIn(Schema):
    approve: bool
    version: int


class PartnersProfileIn(Schema):
    mapping: dict[str, dict]
    note: str = Field("", max_length=255)


class PartnersProfileOut(Schema):
    id: int
    partner_id: int
    edition: int
    mapping: dict
    note: str


class PartnersOperationIn(Schema):
    code: str = Field(min_length=1, max_length=30)
    title: str = Field(min_length=1, max_length=200)
    office_id: DbId
    partner_ids: list[DbId]
    start: date
    end: date


class ActivityOut(Schema):
    partner_id: int
    activity: str
    place: str
    pcode: str


class ActivityIn(Schema):
    partner_id: DbId
    activity: str = Field(min_length=1, max_length=200)
    place: str = Field(min_length=1, max_length=200)
    pcode: str = Field("", max_length=30)


class IndicatorIn(Schema):
    code: str = Field(min_length=1, max_length=30)
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field("", max_length=40)


class TargetIn(Schema):
    indicator_code: str
    partner_id: DbId
    period: str
    target: Budget


class TargetOut(Schema):
    id: int
    indicator_code: str
    partner_id: int
    period: str
    target: Decimal
    reached: Decimal


class ProgressIn(Schema):
    target_id: DbId
    value: Budget
    reported_on: date
    note: str = Field("", max_length=255)


class PartnersOperationOut(Schema):
    id: int
    code: str
    title: str
    office_id: int
    partner_ids: list[int]
    start: date
    end: date
    activities: list[ActivityOut] = []
    targets: list[TargetOut] = []


class PartnerReferralOut(Schema):
    id: int
    status: str
    reason: str
    sent_on: date
    answered_on: date | None
    response_days: int | None
    answer: str
    version: int
    packet: SharedRecordOut


class PartnerAnswerIn(Schema):
    status: Literal["accepted", "declined", "completed"]
    answer: str = ""
    version: int


class RevokeIn(Schema):
    reason: str
    version: int
