"""Project and partner endpoints."""

from django.http import HttpRequest
from ninja import Header, Query
from ninja.pagination import paginate

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.cases.api import router
from corridor.cases.api.schemas import (
    ERRORS,
    ErrorOut,
    PartnerOut,
    ProjectFilters,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
)
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import BoundedPageNumberPagination
from corridor.partners import selectors as partner_selectors
from corridor.partners import services as partner_services


@router.get("/projects", response=list[ProjectOut], summary="Projects in scope, with their money",
            auth=permits("projects.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def project_list(request: HttpRequest, filters: Query[ProjectFilters]):
    return partner_selectors.project_list(user=request.user, office_id=filters.office_id,
                                          category=filters.category or "")


@router.get("/projects/{project_id}", response={200: ProjectOut, 403: ErrorOut, 404: ErrorOut},
            auth=permits("projects.view"))
def project_detail(request: HttpRequest, project_id: DbId):
    return partner_selectors.project_get_for_user(user=request.user, project_id=project_id)


@router.post("/projects", response={201: ProjectOut, **ERRORS},
             summary="Create a project (send Idempotency-Key)", auth=permits("projects.edit"))
def project_create(request: HttpRequest, payload: ProjectIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        office = access_selectors.office_for_action(user=request.user, office_id=payload.office_id,
                                                    permission="projects.edit")
        project = partner_services.project_create(
            actor=request.user, office=office, **payload.dict(exclude={"office_id"}))
        project = partner_selectors.project_get_for_user(user=request.user, project_id=project.pk)
        return 201, project, ProjectOut.from_orm(project).model_dump(mode="json")

    def replay(pk: int) -> dict:
        return ProjectOut.from_orm(project_detail(request, pk)).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint="cases.project",
                             create=create, replay=replay)


@router.patch("/projects/{project_id}", response={200: ProjectOut, **ERRORS},
              summary="Change a project; send the version you read", auth=permits("projects.edit"))
def project_update(request: HttpRequest, project_id: DbId, payload: ProjectPatch):
    project = partner_selectors.project_get_for_user(user=request.user, project_id=project_id)
    partner_services.project_update(actor=request.user, project=project,
                                    expected_version=payload.version,
                                    changes=payload.dict(exclude_unset=True, exclude={"version"}))
    return partner_selectors.project_get_for_user(user=request.user, project_id=project_id)


@router.get("/partners", response=list[PartnerOut], summary="Partner agencies", auth=permits("cases.view"))
def partner_list(request: HttpRequest):
    return partner_selectors.partner_list(user=request.user)
