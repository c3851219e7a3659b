"""API for movements: the same selectors, services and policies as the pages."""


from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import File, Form, Header, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.access.models import User
from corridor.core.api_schemas import ConflictOut, ErrorOut, InvalidOut
from corridor.core.errors import NotFound, ValidationFailed
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import BoundedPageNumberPagination
from corridor.movements import manifests, selectors, services
from corridor.movements import tasks as movement_tasks
from corridor.movements.api_schemas import (
    AcceptIn,
    BookingOut,
    BookingsIn,
    ClearanceIn,
    CreatedOut,
    EscortIn,
    EscortOut,
    LegIn,
    LegOut,
    LegPatch,
    OperationDetailOut,
    OperationIn,
    OperationOut,
    OperationPatch,
    PermissionIn,
    ProposalOut,
    TransitionIn,
)
from corridor.movements.models import (
    Booking,
    Leg,
    OperationKind,
)
from corridor.partners.models import Project
from corridor.registry import selectors as registry_selectors
from corridor.registry.models import Person
from corridor.tasks.api import TaskOut, task_out

router = Router(tags=["movements"])


def _operation(request, operation_id: int):
    return selectors.operation_get_for_user(user=request.user, operation_id=operation_id)


def _person(request, person_id: int) -> Person:
    return registry_selectors.person_get_for_user(user=request.user, person_id=person_id,
                                                  audit=False)


@router.get("/movements/operations", response=list[OperationOut],
            summary="Operations in scope", auth=permits("movements.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def operation_list(request: HttpRequest, kind: OperationKind | None = None):
    return selectors.operation_list(user=request.user, kind=kind or "")


@router.post("/movements/operations",
             response={201: OperationOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Create an operation (send Idempotency-Key to make retries safe)",
             auth=permits("movements.edit"))
def operation_create(request: HttpRequest, payload: OperationIn,
                     idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        office = access_selectors.office_for_action(user=request.user, office_id=payload.office_id,
                                                    permission="movements.view")
        project = Project.objects.filter(pk=payload.project_id).first()
        if project is None:  # refused as one out of the office's reach is: no id is told apart
            raise ValidationFailed([{"field": "project", "message": (
                "This project is not run by the operation's office or above it.")}])
        operation = services.operation_create(
            actor=request.user, office=office, project=project, kind=payload.kind,
            title=payload.title, min_connection_minutes=payload.min_connection_minutes)
        return 201, operation, OperationOut.from_orm(operation).model_dump(mode="json")

    def replay(pk: int) -> dict:
        return OperationOut.from_orm(_operation(request, pk)).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint="movements.operation",
                             create=create, replay=replay)


@router.get("/movements/operations/{operation_id}",
            response={200: OperationDetailOut, 403: ErrorOut, 404: ErrorOut}, auth=permits("movements.view"))
def operation_detail(request: HttpRequest, operation_id: DbId):
    operation = _operation(request, operation_id)
    data = OperationOut.from_orm(operation).model_dump(mode="json")
    data["legs"] = [LegOut.from_orm(leg).model_dump(mode="json") for leg in operation.legs.all()]
    return data


@router.patch("/movements/operations/{operation_id}",
              response={200: OperationOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change an operation; send the version you read (a stale one gets 409)",
              auth=permits("movements.edit"))
def operation_update(request: HttpRequest, operation_id: DbId, payload: OperationPatch):
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    for name in ("title", "kind", "status"):
        if name in changes and changes[name] is None:
            raise ValidationFailed([{"field": name, "message": "cannot be empty"}])
    return services.operation_update(actor=request.user,
                                     operation=_operation(request, operation_id),
                                     expected_version=payload.version, changes=changes)


@router.patch("/movements/legs/{leg_id}",
              response={200: LegOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change a leg; send the version you read (a stale one gets 409). Seats "
                      "cannot go below those taken", auth=permits("movements.edit"))
def leg_update(request: HttpRequest, leg_id: DbId, payload: LegPatch):
    leg = selectors.leg_get_for_user(user=request.user, leg_id=leg_id, audit=False)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    empty = sorted(name for name, value in changes.items() if value is None)
    if empty:
        raise ValidationFailed([{"field": name, "message": "cannot be empty"} for name in empty])
    leg = services.leg_update(actor=request.user, leg=leg, expected_version=payload.version,
                              changes=changes)
    return LegOut.from_orm(leg).model_dump(mode="json")


@router.post("/movements/operations/{operation_id}/legs",
             response={201: LegOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Add a leg; naive departure and arrival are local times at each end",
             auth=permits("movements.edit"))
def leg_add(request: HttpRequest, operation_id: DbId, payload: LegIn,
            idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    operation = _operation(request, operation_id)

    def create():
        leg = services.leg_add(actor=request.user, operation=operation, **payload.dict())
        return 201, leg, LegOut.from_orm(leg).model_dump(mode="json")

    def replay(pk: int) -> dict:
        leg = selectors.leg_get_for_user(user=request.user, leg_id=pk, audit=False)
        return LegOut.from_orm(leg).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint=f"movements.leg.{operation.pk}",
                             create=create, replay=replay)


@router.post("/movements/operations/{operation_id}/evacuation-lists/tasks",
             response={202: TaskOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Register and book an evacuation list (CSV) as a background task",
             auth=permits("movements.edit"))
def evacuation_task(request: HttpRequest, operation_id: DbId, legs: Form[list[DbId]],
                    file: File[UploadedFile], household_split_reason: Form[str] = "",
                    idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Answers 202 at once with the task (`url` to poll). The worker registers whoever is new
    on the list, records their clearances and books everyone on `legs`, or refuses the whole
    list with nothing written (its problems, which quote the list, are shown on the task's page
    to who started it; the API's task gives their count). The columns are those of the
    evacuation page; the same list on the same legs started again is the same task."""
    operation = _operation(request, operation_id)
    chosen = list(operation.legs.filter(pk__in=legs))
    if len(chosen) != len(set(legs)):
        raise NotFound("No such leg")
    record = movement_tasks.start_evacuation(
        actor=request.user, operation=operation, legs=chosen, upload=file,
        household_split_reason=household_split_reason, client_key=idempotency_key or "")
    return Status(202, task_out(record))


@router.get("/movements/legs/{leg_id}/bookings", response=list[BookingOut],
            summary="Bookings on a leg (a view of passenger data, audited)", auth=permits("movements.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def booking_list(request: HttpRequest, leg_id: DbId):
    leg = selectors.leg_get_for_user(user=request.user, leg_id=leg_id)
    return leg.bookings.all()


@router.post("/movements/legs/{leg_id}/bookings",
             response={201: list[BookingOut], 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Book people on the leg (and its onward legs), all or nobody",
             auth=permits("movements.edit"))
def booking_create(request: HttpRequest, leg_id: DbId, payload: BookingsIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    leg = selectors.leg_get_for_user(user=request.user, leg_id=leg_id, audit=False)

    def legs() -> list[Leg]:
        from corridor.movements.itinerary import onward_chain

        return onward_chain(leg, leg.operation.legs.all()) if payload.onward else [leg]

    def answer(bookings) -> list[dict]:
        return [BookingOut.from_orm(b).model_dump(mode="json") for b in bookings]

    def create():
        people = [_person(request, pk) for pk in payload.person_ids]
        bookings = services.booking_create(actor=request.user, legs=legs(), people=people,
                                           household_split_reason=payload.household_split_reason)
        return 201, leg, answer(bookings)

    def replay(_leg_id: int) -> list[dict]:
        # The same request (its hash matched): these people on these legs, in booking order,
        # read as the passenger list is (scoped, audited).
        selectors.leg_get_for_user(user=request.user, leg_id=leg.pk)
        return answer(Booking.objects.filter(leg__in=legs(), person_id__in=payload.person_ids)
                      .order_by("pk"))

    return idempotent_create(request, key=idempotency_key, endpoint=f"movements.bookings.{leg.pk}",
                             create=create, replay=replay)


@router.post("/movements/bookings/{booking_id}/transition",
             response={200: BookingOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                       422: InvalidOut},
             summary="Move a booking on (confirmed, checked in, departed, arrived, ...)",
             auth=permits("movements.edit"))
def booking_transition(request: HttpRequest, booking_id: DbId, payload: TransitionIn):
    booking = selectors.booking_get_for_user(user=request.user, booking_id=booking_id)
    return services.booking_transition(actor=request.user, booking=booking, to=payload.to,
                                       expected_version=payload.version, reason=payload.reason)


@router.post("/movements/legs/{leg_id}/escorts",
             response={201: EscortOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             auth=permits("movements.edit"))
def escort_assign(request: HttpRequest, leg_id: DbId, payload: EscortIn):
    leg = selectors.leg_get_for_user(user=request.user, leg_id=leg_id, audit=False)
    user = None
    if payload.user_id:
        user = User.objects.filter(pk=payload.user_id, is_active=True).first()
        if user is None:  # refused as one outside the office tree is: no id is told apart
            raise ValidationFailed([{"field": "user_id", "message": (
                "An escort given as staff must hold a role in the operation's office, an office "
                "above it or one below it.")}])
    escort = services.escort_assign(actor=request.user, leg=leg, kind=payload.kind, user=user,
                                    name=payload.name, document_number=payload.document_number)
    return Status(201, escort)


@router.get("/movements/legs/{leg_id}/manifest.csv", response={200: None, 403: ErrorOut,
                                                                404: ErrorOut},
            summary="The leg's manifest as CSV (audited export)", auth=permits("movements.view"))
def manifest_csv(request: HttpRequest, leg_id: DbId):
    leg = selectors.leg_get_for_user(user=request.user, leg_id=leg_id, audit=False)
    data = manifests.manifest_csv(user=request.user, leg=leg, language=get_language())
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="manifest-{leg.pk}.csv"'
    return response


@router.post("/movements/people/{person_id}/clearances",
             response={201: CreatedOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Record a medical clearance (fitness to travel)", auth=permits("movements.edit"))
def clearance_record(request: HttpRequest, person_id: DbId, payload: ClearanceIn):
    clearance = services.clearance_record(actor=request.user, person=_person(request, person_id),
                                          **payload.dict())
    return Status(201, {"id": clearance.pk})


@router.post("/movements/people/{person_id}/permissions",
             response={201: CreatedOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Record an exit or entry permission", auth=permits("movements.edit"))
def permission_record(request: HttpRequest, person_id: DbId, payload: PermissionIn):
    permission = services.permission_record(actor=request.user,
                                            person=_person(request, person_id), **payload.dict())
    return Status(201, {"id": permission.pk})


@router.post("/movements/operations/{operation_id}/proposals",
             response={201: ProposalOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Ask the planner to propose bookings for the operation", auth=permits("movements.edit"))
def proposal_create(request: HttpRequest, operation_id: DbId):
    proposal = services.proposal_create(actor=request.user,
                                        operation=_operation(request, operation_id))
    return Status(201, proposal)


@router.post("/movements/proposals/{proposal_id}/accept",
             response={201: list[BookingOut], 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Book the proposal's travellers (all, or those listed)", auth=permits("movements.edit"))
def proposal_accept(request: HttpRequest, proposal_id: DbId, payload: AcceptIn):
    proposal = selectors.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    bookings = services.proposal_accept(actor=request.user, proposal=proposal,
                                        person_ids=payload.person_ids,
                                        household_split_reason=payload.household_split_reason)
    return Status(201, [BookingOut.from_orm(b).model_dump(mode="json") for b in bookings])
