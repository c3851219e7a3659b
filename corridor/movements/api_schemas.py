"""The movements API's request and response bodies (the routes are in movements.api)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from corridor.core.api_schemas import Amount
from corridor.core.ids import DbId
from corridor.movements.models import (
    BookingState,
    EscortKind,
    Mode,
    OperationKind,
    OperationStatus,
    PermissionKind,
)


class OperationIn(Schema):
    office_id: DbId
    project_id: DbId
    kind: OperationKind
    title: str
    min_connection_minutes: int | None = None


class OperationOut(Schema):
    id: int
    reference: str
    office_id: int
    project_id: int
    kind: OperationKind
    title: str
    status: OperationStatus
    min_connection_minutes: int | None
    version: int


class LegIn(Schema):
    mode: Mode = Mode.AIR
    carrier: str
    number: str = ""
    origin: str
    destination: str
    departure: datetime
    departure_zone: str
    arrival: datetime
    arrival_zone: str
    seats: int
    wheelchair_places: int = 0
    stretcher_places: int = 0
    escort_seats: int = 0
    exit_permission_country: str = ""
    entry_permission_country: str = ""
    fare: Amount = Decimal("0")


class LegOut(Schema):
    id: int
    operation_id: int
    mode: Mode
    carrier: str
    number: str
    origin: str
    destination: str
    departure: datetime
    departure_zone: str
    departure_local: datetime
    arrival: datetime
    arrival_zone: str
    arrival_local: datetime
    seats: int
    wheelchair_places: int
    stretcher_places: int
    escort_seats: int
    exit_permission_country: str
    entry_permission_country: str
    fare: Decimal
    version: int


class OperationPatch(Schema):
    version: int
    title: str = None
    kind: OperationKind = None
    status: OperationStatus = None
    min_connection_minutes: int = Field(None, ge=0)


class LegPatch(Schema):
    """Only the fields sent change. A naive time is local at its end; a zone sent without its
    time keeps the wall-clock time (the zone was wrong, not the hour)."""
    version: int
    mode: Mode = None
    carrier: str = None
    number: str = None
    origin: str = None
    destination: str = None
    departure: datetime | None = None
    departure_zone: str = None
    arrival: datetime | None = None
    arrival_zone: str = None
    seats: int = Field(None, ge=0)
    wheelchair_places: int = Field(None, ge=0)
    stretcher_places: int = Field(None, ge=0)
    escort_seats: int = Field(None, ge=0)
    exit_permission_country: str = None
    entry_permission_country: str = None
    fare: Amount = None


class OperationDetailOut(OperationOut):
    legs: list[LegOut]


class BookingOut(Schema):
    id: int
    leg_id: int
    person_id: int
    case_id: int | None
    state: BookingState
    wheelchair: bool
    stretcher: bool
    oxygen: bool
    medical_escort: bool
    household_split_reason: str
    fare: Decimal
    handover_note: str
    version: int


class BookingsIn(Schema):
    person_ids: list[DbId]
    onward: bool = False
    household_split_reason: str = ""


class TransitionIn(Schema):
    to: BookingState
    version: int
    reason: str = ""


class EscortIn(Schema):
    kind: EscortKind
    user_id: DbId | None = None
    name: str = ""
    document_number: str = ""


class EscortOut(Schema):
    id: int
    leg_id: int
    kind: EscortKind
    user_id: int | None
    name: str
    document_number: str


class ClearanceIn(Schema):
    examined_on: date
    valid_until: date
    fit: bool
    wheelchair: bool = False
    stretcher: bool = False
    oxygen: bool = False
    medical_escort: bool = False


class PermissionIn(Schema):
    kind: PermissionKind
    country: str
    reference: str = ""
    valid_until: date | None = None


class CreatedOut(Schema):
    id: int


class ProposalOut(Schema):
    id: int
    operation_id: int
    assignments: dict[str, list[int]]
    excluded: dict[str, list[str]]
    priority_total: int
    upper_bound: int
    waiting_days: int
    accepted_at: datetime | None

    @staticmethod
    def resolve_excluded(proposal) -> dict[str, list[str]]:
        # Stored as codes; worded in the language of the request.
        from corridor.movements.checks import worded

        return {pk: worded(reasons) for pk, reasons in proposal.excluded.items()}


class AcceptIn(Schema):
    person_ids: list[DbId] | None = None
    household_split_reason: str = ""
