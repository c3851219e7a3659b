"""API of flows and displacement: the same selectors, services and scope as the pages.

Aggregates are suppressed by the engine: a masked cell has `count` null, `suppressed` true and
`display` "< 5", as in the pages and the exports.
"""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import File, Form, Header, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from corridor.access.api_permissions import permits
from corridor.core import uploads
from corridor.core.api_schemas import ErrorOut, InvalidOut
from corridor.core.errors import NotFound
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import BoundedPageNumberPagination
from corridor.flows import policies, publication, selectors, services
from corridor.flows import tasks as flow_tasks
from corridor.flows.models import EventKind, ImportKind, PointKind, PublicationStatus
from corridor.geo.models import AdminArea
from corridor.tasks.api import TaskOut, task_out

router = Router(tags=["flows"])


class FlowQueryIn(Schema):
    date_from: date | None = None
    date_to: date | None = None
    country: str = ""
    admin_area: str = ""
    point_id: DbId | None = None
    nationality: str = ""
    sex: str = ""
    age_group: str = ""
    direction: str = ""
    reason: str = ""


class PointOut(Schema):
    id: int
    code: str
    name: str
    kind: PointKind
    office_id: int
    admin_pcode: str
    latitude: float | None
    longitude: float | None
    version: int


class SeriesRowOut(Schema):
    period: date
    days: int
    count: int | None
    suppressed: bool
    display: str
    previous_count: int | None
    change: int | None
    change_percent: float | None


class BreakdownRowOut(Schema):
    value: str
    count: int | None
    suppressed: bool
    display: str


class OdRowOut(Schema):
    origin: str
    destination: str
    count: int | None
    suppressed: bool
    display: str


class SurgeOut(Schema):
    point: str
    date: date
    count: int | None
    suppressed: bool
    display: str
    upper_bound: float


class DisplacedOut(Schema):
    admin_pcode: str
    name: str
    population_type: str
    round: int
    individuals: int | None
    suppressed: bool
    display: str
    previous_round: int | None
    previous_individuals: int | None
    change: int | None


class AlertOut(Schema):
    id: int
    point_code: str
    date: date
    count: int | None
    upper_bound: float
    acknowledged_at: datetime | None


class ImportOut(Schema):
    id: int
    kind: ImportKind
    office_id: int
    file_name: str
    sha256: str
    row_count: int
    replaced: int
    round: int | None
    created_at: datetime
    status: PublicationStatus
    reviewed_at: datetime | None
    review_reason: str


class ChangeOut(Schema):
    what: str
    when: str
    before: str
    after: str


class ReviewOut(Schema):
    """What publishing the import would change on the public page, cells as it shows them."""

    batch: ImportOut
    counts: list[ChangeOut]
    displaced: list[ChangeOut]
    refusal: str


class SendBackIn(Schema):
    reason: str


class EventIn(Schema):
    office_id: DbId
    admin_pcode: str
    date: date
    kind: EventKind
    individuals: int
    households: int = 0
    description: str = ""


class EventOut(Schema):
    id: int
    office_id: int
    admin_pcode: str
    date: date
    kind: EventKind
    individuals: int
    households: int
    description: str
    version: int


def _event(event) -> dict:
    return {"id": event.pk, "office_id": event.office_id, "admin_pcode": event.admin_area.pcode,
            "date": event.date, "kind": event.kind, "individuals": event.individuals,
            "households": event.households, "description": event.description, "version": event.version}


def _scope(request: HttpRequest, query: FlowQueryIn) -> selectors.Scope:
    flow_query = selectors.FlowQuery(**query.dict()).with_default_period()
    return selectors.scope_for(user=request.user, query=flow_query)


def _point(point) -> dict:
    return {"id": point.pk, "code": point.code, "name": point.name, "kind": point.kind,
            "office_id": point.office_id, "admin_pcode": point.admin_area.pcode,
            "latitude": point.latitude, "longitude": point.longitude, "version": point.version}


@router.get("/flows/points", response=list[PointOut], summary="Monitoring points of your offices",
            auth=permits("flows.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def point_list(request: HttpRequest, country: str = ""):
    return [_point(p) for p in selectors.point_list(user=request.user, country=country)]


@router.get("/flows/points/{point_id}", response={200: PointOut, 404: ErrorOut}, auth=permits("flows.view"))
def point_detail(request: HttpRequest, point_id: DbId):
    return _point(selectors.point_get_for_user(user=request.user, point_id=point_id))


@router.get("/flows/series", response={200: list[SeriesRowOut], 404: ErrorOut},
            summary="People counted per period, with the change against the previous period",
            auth=permits("flows.view"))
def series(request: HttpRequest, query: Query[FlowQueryIn],
           frequency: Literal["daily", "weekly", "monthly"] = "weekly"):
    return selectors.series(scope=_scope(request, query), frequency=frequency)


@router.get("/flows/breakdown", response={200: list[BreakdownRowOut], 404: ErrorOut},
            summary="People counted by one dimension, with a TOTAL row",
            auth=permits("flows.view"))
def breakdown(request: HttpRequest, query: Query[FlowQueryIn],
              by: Literal["sex", "age_group", "nationality", "reason", "direction", "mode"] = "sex"):
    rows = selectors.breakdown(scope=_scope(request, query), by=by)
    return [{**r, "value": r[by]} for r in rows]


@router.get("/flows/od", response={200: list[OdRowOut], 404: ErrorOut},
            summary="Origin-destination matrix in long form, with totals (TOTAL)",
            auth=permits("flows.view"))
def od(request: HttpRequest, query: Query[FlowQueryIn]):
    return selectors.od(scope=_scope(request, query))["rows"]


@router.get("/flows/surges", response={200: list[SurgeOut], 404: ErrorOut},
            summary="Days above mean + 3 sd of the 28 days before, per point",
            auth=permits("flows.view"))
def surges(request: HttpRequest, query: Query[FlowQueryIn]):
    return selectors.surges(scope=_scope(request, query))


@router.get("/flows/displaced", response={200: list[DisplacedOut], 404: ErrorOut},
            summary="Displaced population per admin area and round (baseline assessments)",
            auth=permits("flows.view"))
def displaced(request: HttpRequest, query: Query[FlowQueryIn]):
    return selectors.displaced(scope=_scope(request, query))


@router.get("/flows/alerts", response=list[AlertOut], summary="Surge alerts at your offices' points",
            auth=permits("flows.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def alert_list(request: HttpRequest, open_only: bool = False):
    return [{"id": a.pk, "point_code": a.point.code, "date": a.date, "count": a.count,
             "upper_bound": a.upper_bound, "acknowledged_at": a.acknowledged_at}
            for a in selectors.alert_list(user=request.user, open_only=open_only)]


@router.get("/flows/imports", response=list[ImportOut], summary="Imported files of your offices",
            auth=permits("flows.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def import_list(request: HttpRequest):
    return selectors.import_list(user=request.user)


@router.post("/flows/imports/tasks",
             response={202: TaskOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Start the import of a file of counts, surveys or assessments as a background "
                     "task", auth=permits("flows.import"))
def import_task(request: HttpRequest, kind: Form[ImportKind], office_id: Form[DbId],
                file: File[UploadedFile],
                idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Answers 202 at once with the task (`url` to poll, `page` for a person). The worker checks
    the whole file and loads it, or refuses it with nothing written: the task fails and its
    `result.problem_list` names each problem's file, row and field. The same file, kind and
    office (and Idempotency-Key) started again is given the same task."""
    office = policies.offices(request.user, "flows.import").filter(pk=office_id).first()
    if office is None:
        raise NotFound("No such office")
    record = flow_tasks.start_import(actor=request.user, office=office, kind=kind, upload=file,
                                     client_key=idempotency_key or "")
    return Status(202, task_out(record))


@router.get("/flows/imports/{batch_id}", response={200: ImportOut, 404: ErrorOut}, auth=permits("flows.view"))
def import_detail(request: HttpRequest, batch_id: DbId):
    return selectors.import_get_for_user(user=request.user, batch_id=batch_id)


@router.post("/flows/imports", response={200: ImportOut, 201: ImportOut, 403: ErrorOut, 404: ErrorOut,
                                         422: InvalidOut},
             summary="Import a file of counts, surveys or assessments: all rows or none; the same "
                     "file again answers 200 and changes nothing", auth=permits("flows.import"))
def import_create(request: HttpRequest, kind: Form[ImportKind], office_id: Form[DbId],
                  file: File[UploadedFile],
                  idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    office = policies.offices(request.user, "flows.import").filter(pk=office_id).first()
    if office is None:
        raise NotFound("No such office")
    name = file.name or "upload.csv"
    data = uploads.read(file, name)  # refused unread past the size limit

    def create():
        outcome = services.flows_import(actor=request.user, office=office, kind=kind, data=data,
                                        filename=name)
        return ((201 if outcome.created else 200), outcome.batch,
                ImportOut.from_orm(outcome.batch).model_dump(mode="json"))

    def replay(pk: int) -> dict:
        return ImportOut.from_orm(import_detail(request, pk)).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint="flows.import",
                             create=create, replay=replay)


@router.get("/flows/imports/{batch_id}/review", response={200: ReviewOut, 404: ErrorOut, 422: InvalidOut},
            summary="What publishing an import would change on the public page",
            auth=permits("flows.view"))
def import_review(request: HttpRequest, batch_id: DbId):
    """`refusal` says why you may not decide it (your own upload, no publish role, decided)."""
    return publication.import_review(actor=request.user, batch_id=batch_id)


@router.post("/flows/imports/{batch_id}/publish",
             response={200: ImportOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Publish an import to the public page (not its own uploader)",
             auth=permits("flows.publish"))
def import_publish(request: HttpRequest, batch_id: DbId):
    return publication.import_publish(actor=request.user, batch_id=batch_id).batch


@router.post("/flows/imports/{batch_id}/send-back",
             response={200: ImportOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Send an import back to its uploader with a reason; it is never published",
             auth=permits("flows.publish"))
def import_send_back(request: HttpRequest, batch_id: DbId, payload: SendBackIn):
    return publication.import_send_back(actor=request.user, batch_id=batch_id, reason=payload.reason)


@router.get("/flows/events", response=list[EventOut], summary="Tracked displacement events of your offices",
            auth=permits("flows.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def event_list(request: HttpRequest):
    return [_event(e) for e in selectors.event_list(user=request.user)]


@router.post("/flows/events", response={201: EventOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Record a displacement event (send Idempotency-Key to make retries safe)",
             auth=permits("flows.import"))
def event_create(request: HttpRequest, payload: EventIn,
                 idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    office = policies.offices(request.user, "flows.import").filter(pk=payload.office_id).first()
    area = AdminArea.objects.filter(pcode=payload.admin_pcode.upper()).first()
    if office is None or area is None:
        raise NotFound("No such office or area")

    def create():
        event = services.event_record(
            actor=request.user, office=office, admin_area=area, date=payload.date, kind=payload.kind,
            individuals=payload.individuals, households=payload.households,
            description=payload.description)
        return 201, event, EventOut.model_validate(_event(event)).model_dump(mode="json")

    def replay(pk: int) -> dict:
        return EventOut.model_validate(_event(selectors.event_get_for_user(
            user=request.user, event_id=pk))).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint="flows.event",
                             create=create, replay=replay)
