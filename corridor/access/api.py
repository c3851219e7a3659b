"""API for who I am, offices, staff and the audit trail."""


from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from corridor.access import policies, selectors
from corridor.access.api_permissions import permits
from corridor.core.api_schemas import ErrorOut
from corridor.core.ids import DbId
from corridor.core.pagination import AuditedPagination, BoundedPageNumberPagination

router = Router(tags=["access"])


class MembershipOut(Schema):
    office_id: int
    office_code: str
    role: str


class MeOut(Schema):
    username: str
    roles: list[str]
    memberships: list[MembershipOut]
    token_scopes: list[str] | None


class OfficeOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    country: str
    parent_id: int | None
    version: int


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor: str = Field(alias="actor_label")
    action: str
    object_type: str
    object_id: str
    office_id: int | None
    summary: str
    ip_address: str | None
    via: str


class AuditFilters(Schema):
    actor: str | None = None
    action: str | None = None
    object_type: str | None = Field(
        None, description="a record type, `app.model` (e.g. `registry.person`), matched exactly")
    date_from: date | None = None
    date_to: date | None = None


@router.get("/me", response=MeOut, summary="The signed-in user, roles and offices")
def me(request: HttpRequest):
    user = request.user
    memberships = user.memberships.select_related("office")
    return {
        "username": user.username,
        "roles": sorted(policies.roles_of(user)),
        "memberships": [
            {"office_id": m.office_id, "office_code": m.office.code, "role": m.role}
            for m in memberships
        ],
        "token_scopes": getattr(user, "token_scopes", None),
    }


@router.get("/offices", response=list[OfficeOut], summary="Offices in scope", auth=permits("offices.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def office_list(request: HttpRequest):
    return selectors.office_list(user=request.user)


@router.get("/offices/{office_id}", response={200: OfficeOut, 404: ErrorOut}, auth=permits("offices.view"))
def office_detail(request: HttpRequest, office_id: DbId):
    return selectors.office_get_for_user(user=request.user, office_id=office_id)


@router.get("/audit-events", response=list[AuditEventOut], summary="The audit trail, filtered",
            auth=permits("audit.view"))
@paginate(AuditedPagination, page_size=50, max_page_size=200, object_type="core.auditevent",
          what="events")
def audit_events(request: HttpRequest, filters: Query[AuditFilters]):
    return selectors.audit_list(user=request.user, filters=filters.dict())
