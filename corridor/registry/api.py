"""API for people and households: the same selectors, services and policies as the pages."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Header, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AliasChoices
from pydantic import Field as PydanticField

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.access.models import Office
from corridor.core.api_schemas import ConflictOut, ErrorOut, InvalidOut, RowOut
from corridor.core.errors import ValidationFailed
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import AuditedCappedPagination
from corridor.geo.models import AdminArea
from corridor.registry import selectors, services
from corridor.registry.models import (
    Category,
    ConsentPurpose,
    DatePrecision,
    DocumentKind,
    Relation,
    Sex,
)

router = Router(tags=["registry"])


class PersonOut(RowOut):
    id: int
    office_id: int
    household_id: int | None
    relation_to_head: str
    given_name: str
    family_name: str
    original_script_name: str
    aliases: list[str]
    sex: Sex
    birth_date: date | None
    birth_date_precision: DatePrecision
    nationality: str
    # The P-code (a property of Person) when read from a record, the same key from a dict.
    place_of_origin: str | None = PydanticField(
        None, validation_alias=AliasChoices("place_of_origin_pcode", "place_of_origin"))
    category: Category
    vulnerabilities: list[str]
    languages: list[str]
    version: int


class DocumentOut(Schema):
    kind: DocumentKind
    number: str
    issuing_country: str
    expires_on: date | None


class ConsentOut(Schema):
    purpose: ConsentPurpose
    given: bool
    partner_id: int | None
    recorded_on: date


class PersonDetailOut(PersonOut):
    phones: list[str]
    documents: list[DocumentOut]
    consents: list[ConsentOut]
    possible_duplicates: list[int]


class DocumentIn(Schema):
    kind: DocumentKind
    number: str
    issuing_country: str = ""
    expires_on: date | None = None


class ConsentIn(Schema):
    purpose: ConsentPurpose
    given: bool
    recorded_on: date | None = None
    partner_id: DbId | None = None
    # The privacy notice the person was told (sharing consents; ADR 0093).
    notice_id: DbId | None = None


class PersonFields(Schema):
    given_name: str
    family_name: str = ""
    original_script_name: str = ""
    aliases: list[str] = []
    sex: Sex = Sex.UNKNOWN
    birth_date: date | None = None
    birth_date_precision: DatePrecision = DatePrecision.EXACT
    nationality: str = ""
    place_of_origin: str | None = None
    category: Category
    vulnerabilities: list[str] = []
    languages: list[str] = []
    phones: list[str] = []
    documents: list[DocumentIn] = []
    consents: list[ConsentIn] = []


class PersonIn(PersonFields):
    office_id: DbId


class MemberIn(PersonFields):
    relation_to_head: Relation


class HouseholdIn(Schema):
    office_id: DbId
    address: str = ""
    members: list[MemberIn]


class HouseholdOut(Schema):
    id: int
    reference: str
    office_id: int
    address: str
    version: int
    members: list[PersonOut]


class PersonPatch(Schema):
    version: int
    given_name: str = None
    family_name: str = None
    original_script_name: str = None
    aliases: list[str] = None
    sex: Sex = None
    birth_date: date | None = None
    birth_date_precision: DatePrecision = None
    nationality: str = None
    place_of_origin: str | None = None
    category: Category = None
    vulnerabilities: list[str] = None
    languages: list[str] = None
    relation_to_head: Relation = None


class PersonFilters(Schema):
    q: str = Field("", description="Any name, in any script or spelling")
    phone: str = Field("", description="A phone number in any format")
    document_number: str = Field("", description="Exact document number")
    office_id: DbId | None = None
    household_id: DbId | None = None
    category: Category | None = None
    sex: Sex | None = None
    nationality: str = ""


class CountOut(Schema):
    office: str
    category: str
    count: int | None


def _place(pcode: str | None) -> AdminArea | None:
    if not pcode:
        return None
    area = AdminArea.objects.filter(pcode=pcode).first()
    if area is None:
        raise ValidationFailed([{"field": "place_of_origin",
                                 "message": f"unknown P-code {pcode!r}"}])
    return area


def _person_input(payload: PersonFields, **extra) -> services.PersonInput:
    fields = payload.dict(exclude={"phones", "documents", "consents"})
    fields["place_of_origin"] = _place(fields.get("place_of_origin"))
    return services.PersonInput(
        fields={**fields, **extra},
        phones=tuple(payload.phones),
        documents=tuple(services.DocumentInput(**d.dict()) for d in payload.documents),
        consents=tuple(services.ConsentInput(**c.dict()) for c in payload.consents),
    )


def _office(request: HttpRequest, office_id: int) -> Office:
    return access_selectors.office_for_action(user=request.user, office_id=office_id,
                                              permission="registry.edit")


def _detail(user, person) -> dict:
    data = PersonOut.model_validate(person).model_dump(mode="json")
    data["phones"] = [p.number for p in person.phones.all()]
    data["documents"] = [
        {"kind": d.kind, "number": d.number,
         "issuing_country": d.issuing_country,
         "expires_on": d.expires_on.isoformat() if d.expires_on else None}
        for d in person.documents.all()]
    data["consents"] = [
        {"purpose": c.purpose, "given": c.given, "partner_id": c.partner_id,
         "recorded_on": c.recorded_on.isoformat()} for c in person.consents.all()]
    data["possible_duplicates"] = list(
        selectors.person_duplicates(user=user, person=person).values_list("pk", flat=True))
    return data


@router.get("/people", response=list[PersonOut],
            summary="People in scope: search by any name, phone or document number",
            auth=permits("registry.view"))
@paginate(AuditedCappedPagination, page_size=50, max_page_size=200,
          object_type="registry.person", what="people")
def person_list(request: HttpRequest, filters: Query[PersonFilters]):
    return selectors.person_list(
        user=request.user, query=filters.q, phone=filters.phone,
        document_number=filters.document_number, office_id=filters.office_id,
        household_id=filters.household_id, category=filters.category or "",
        sex=filters.sex or "", nationality=filters.nationality,
    ).select_related("place_of_origin")


@router.get("/people/{person_id}", response={200: PersonDetailOut, 404: ErrorOut},
            auth=permits("registry.view"))
def person_detail(request: HttpRequest, person_id: DbId):
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    return _detail(request.user, person)


@router.post("/people", response={201: PersonDetailOut, 403: ErrorOut, 404: ErrorOut,
                                  422: InvalidOut},
             summary="Register a person (send Idempotency-Key to make retries safe)",
             auth=permits("registry.edit"))
def person_create(request: HttpRequest, payload: PersonIn,
                  idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        item = _person_input(payload)
        item.fields.pop("office_id")
        person = services.person_register(
            actor=request.user, office=_office(request, payload.office_id), phones=item.phones,
            documents=item.documents, consents=item.consents, via="api", **item.fields)
        return 201, person, _detail(request.user, person)

    return idempotent_create(request, key=idempotency_key, endpoint="registry.person",
                             create=create, replay=lambda pk: person_detail(request, pk))


@router.patch("/people/{person_id}",
              response={200: PersonOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change a person; send the version you read (a stale one gets 409)",
              auth=permits("registry.edit"))
def person_update(request: HttpRequest, person_id: DbId, payload: PersonPatch):
    person = selectors.person_get_for_user(user=request.user, person_id=person_id, audit=False)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    if "place_of_origin" in changes:
        changes["place_of_origin"] = _place(changes["place_of_origin"])
    return services.person_update(actor=request.user, person=person,
                                  expected_version=payload.version, changes=changes)


@router.post("/households", response={201: HouseholdOut, 403: ErrorOut, 404: ErrorOut,
                                      422: InvalidOut},
             summary="Register a household with all its members, or nothing", auth=permits("registry.edit"))
def household_create(request: HttpRequest, payload: HouseholdIn,
                     idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        members = [_person_input(m) for m in payload.members]
        household = services.household_register(
            actor=request.user, office=_office(request, payload.office_id), members=members,
            address=payload.address)
        return 201, household, _household(household)

    return idempotent_create(request, key=idempotency_key, endpoint="registry.household",
                             create=create, replay=lambda pk: household_detail(request, pk))


def _household(household) -> dict:
    members = household.members.select_related("place_of_origin").order_by("id")
    return {"id": household.pk, "reference": household.reference,
            "office_id": household.office_id, "address": household.address,
            "version": household.version,
            "members": [PersonOut.model_validate(m).model_dump(mode="json") for m in members]}


@router.get("/households/{household_id}", response={200: HouseholdOut, 404: ErrorOut},
            auth=permits("registry.view"))
def household_detail(request: HttpRequest, household_id: DbId):
    return _household(selectors.household_get_for_user(user=request.user,
                                                       household_id=household_id))


@router.get("/statistics/people", response=list[CountOut],
            summary="People per office and category; cells under the threshold are null",
            auth=permits("stats.view"))
def people_counts(request: HttpRequest):
    return selectors.people_counts(user=request.user)
