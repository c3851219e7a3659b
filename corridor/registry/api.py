"""API for people: the same selectors, services and policies as the pages."""


from datetime import date

from django.http import HttpRequest
from ninja import Header, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from corridor.access.api_permissions import require
from corridor.access.models import Office
from corridor.core.errors import NotFound
from corridor.core.idempotency import idempotent_create
from corridor.registry import selectors, services
from corridor.registry.models import Category, DatePrecision, Sex

router = Router(tags=["registry"])


class PersonOut(Schema):
    id: int
    office_id: int
    given_name: str
    family_name: str
    original_script_name: str
    sex: Sex
    birth_date: date | None
    birth_date_precision: DatePrecision
    nationality: str
    category: Category
    version: int


class PersonIn(Schema):
    office_id: int
    given_name: str
    family_name: str = ""
    original_script_name: str = ""
    sex: Sex = Sex.UNKNOWN
    birth_date: date | None = None
    birth_date_precision: DatePrecision = DatePrecision.EXACT
    nationality: str = ""
    category: Category


class PersonPatch(Schema):
    version: int
    given_name: str | None = None
    family_name: str | None = None
    original_script_name: str | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    birth_date_precision: DatePrecision | None = None
    nationality: str | None = None
    category: Category | None = None


class PersonFilters(Schema):
    q: str = ""
    office_id: int | None = None
    category: Category | None = None


class CountOut(Schema):
    office: str
    category: str
    count: int | None


class ErrorOut(Schema):
    detail: str


class ConflictOut(Schema):
    detail: str
    current_version: int


class ProblemOut(Schema):
    field: str
    message: str


class InvalidOut(Schema):
    detail: str
    problems: list[ProblemOut]


@router.get("/people", response=list[PersonOut], summary="People in scope, searchable by name")
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def person_list(request: HttpRequest, filters: Query[PersonFilters]):
    require(request.user, "registry.view")
    return selectors.person_list(user=request.user, query=filters.q, office_id=filters.office_id,
                                 category=filters.category or "")


@router.get("/people/{person_id}", response={200: PersonOut, 404: ErrorOut})
def person_detail(request: HttpRequest, person_id: int):
    require(request.user, "registry.view")
    return selectors.person_get_for_user(user=request.user, person_id=person_id)


@router.post("/people", response={201: PersonOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Register a person (send Idempotency-Key to make retries safe)")
def person_create(request: HttpRequest, payload: PersonIn,
                  idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    require(request.user, "registry.edit")

    def create():
        office = Office.objects.filter(pk=payload.office_id).first()
        if office is None:
            raise NotFound("No such office")
        fields = payload.dict(exclude={"office_id"})
        person = services.person_register(actor=request.user, office=office, **fields)
        return 201, PersonOut.from_orm(person).model_dump(mode="json")

    status, body = idempotent_create(user=request.user, key=idempotency_key,
                                     endpoint="registry.person", create=create)
    return Status(status, body)


@router.patch("/people/{person_id}",
              response={200: PersonOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change a person; send the version you read (a stale one gets 409)")
def person_update(request: HttpRequest, person_id: int, payload: PersonPatch):
    require(request.user, "registry.edit")
    person = selectors.person_get_for_user(user=request.user, person_id=person_id, audit=False)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return services.person_update(actor=request.user, person=person,
                                  expected_version=payload.version, changes=changes)


@router.get("/statistics/people", response=list[CountOut],
            summary="People per office and category; cells under the threshold are null")
def people_counts(request: HttpRequest):
    require(request.user, "stats.view")
    return selectors.people_counts(user=request.user)
