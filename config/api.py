"""The API root: mounts each app's router, authenticates, and turns every refusal into one of the
project's problem bodies (corridor/core/api_schemas.py), each declared on the operations that can
answer it."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import ConfigError, HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema

from corridor.access.api import router as access_router
from corridor.access.api_permissions import SIGNED_IN, SessionAuth, TokenAuth
from corridor.cases.api import router as cases_router
from corridor.cooperation.api import router as cooperation_router
from corridor.cooperation.api_returns import router as cooperation_returns_router
from corridor.core.api_schemas import ErrorOut, InvalidOut, request_problems
from corridor.core.audit import audit_refused
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.deduplication.api import router as deduplication_router
from corridor.finance.api import router as finance_router
from corridor.finance.api_contributions import router as contributions_router
from corridor.finance.api_voluntary import router as voluntary_router
from corridor.flows.api import router as flows_router
from corridor.geo.api import router as geo_router
from corridor.governance.api import router as governance_router
from corridor.jobs.api import router as jobs_router
from corridor.movements.api import router as movements_router
from corridor.partners.api import router as partners_router
from corridor.portal.api import router as portal_router
from corridor.registry.api import router as registry_router
from corridor.registry.imports.api import router as registry_imports_router
from corridor.tasks.api import router as tasks_router
from corridor.tracing.api import router as tracing_router


class CorridorOpenAPISchema(OpenAPISchema):
    """ninja's document, made true to what the API answers: every operation declares the
    refusals it can give (401 unauthenticated, 403 lacking the permission, 400 a body that is no
    JSON, 404 an id that names nothing in scope, 422 invalid input), each with its problem body;
    and two schemas of one name (which ninja would let overwrite each other) stop the build."""

    def responses(self, operation) -> dict:
        result = super().responses(operation)
        sources = {model.__ninja_param_source__ for model in operation.models}
        standard = {}
        if operation.auth_callbacks:
            standard[401] = ErrorOut
        if any(getattr(auth, "permissions", ()) for auth in operation.auth_callbacks):
            standard[403] = ErrorOut
        if "body" in sources:
            standard[400] = ErrorOut
        if "path" in sources or sources & {"body", "form", "file"}:
            standard[404] = ErrorOut
        if operation.models:
            standard[422] = InvalidOut
        for status, model in standard.items():
            if status not in result:
                result[status] = {"description": _STATUS_TEXT[status], "content": {
                    self.api.renderer.media_type: {"schema": self._problem_schema(model)}}}
        return dict(sorted(result.items()))

    def _problem_schema(self, model) -> dict:
        schema = model.model_json_schema(ref_template=REF_TEMPLATE, mode="serialization",
                                         schema_generator=NinjaGenerateJsonSchema)
        self.add_schema_definitions({**schema.pop("$defs", {}), model.__name__: schema})
        return {"$ref": REF_TEMPLATE.format(model=model.__name__)}

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, schema in definitions.items():
            known = self.schemas.get(name)
            if known is not None and _canonical(known) != _canonical(schema):
                raise ConfigError(f"Two API schemas are named {name!r}: give one a name of its "
                                  "own, or the document shows one shape for both.")
        super().add_schema_definitions(definitions)


def _canonical(schema: dict) -> str:
    return json.dumps(schema, sort_keys=True)


_STATUS_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                409: "Conflict", 422: "Unprocessable Content"}


def signed_in_only(view):
    """The schema and the interactive docs map every endpoint and field: only a signed-in user
    or a valid token reads them, with DEBUG on or off. Anonymous, the JSON answers 401 and
    the docs page sends to the login."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs):
        if SessionAuth()(request) or TokenAuth()(request):
            return view(request, *args, **kwargs)
        if request.path.endswith(".json") or request.headers.get("Authorization"):
            return JsonResponse({"detail": "Unauthorized"}, status=401)
        return redirect_to_login(request.get_full_path())

    return guarded


class CorridorAPI(NinjaAPI):
    """The schema is built once per address and language: building it takes ~160 ms, and
    `/api/v1/openapi.json` is served to every signed-in client."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict | None = None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, get_language())
        cache = self.__dict__.setdefault("_corridor_schemas", {})
        if key not in cache:
            cache[key] = CorridorOpenAPISchema(self, path_prefix)
        return cache[key]


api = CorridorAPI(
    title="Corridor API",
    version="1",
    description="Operations of an intergovernmental migration organisation. Every endpoint applies "
    "the same role and office scope as the pages; records outside it answer 404. Every refusal "
    "is a JSON body with `detail`; invalid input (422) lists its `problems`, each naming where "
    "(path, query, body, or a file and row) and which field. A change (PATCH) sends only the "
    "fields it changes; null is taken only by a field that may be empty.",
    auth=SIGNED_IN,
    urls_namespace="api",
    docs_decorator=signed_in_only,
)
class ApiIndexOut(Schema):
    name: str
    version: str
    openapi: str
    docs: str
    authentication: str


@api.get("/", response=ApiIndexOut, auth=None, tags=["index"],
         summary="What this API is and where its document and docs are")
def index(request: HttpRequest):
    """Answers anyone: it names nothing but the addresses (the document and the docs need a
    signed-in session or a token)."""
    return {"name": api.title, "version": api.version,
            "openapi": request.build_absolute_uri("openapi.json"),
            "docs": request.build_absolute_uri("docs"),
            "authentication": "A signed-in browser session, or a personal access token: "
                              "Authorization: Bearer crd_…"}


api.add_router("/", access_router)
api.add_router("/", registry_router)
api.add_router("/", registry_imports_router)
api.add_router("/", cases_router)
api.add_router("/", partners_router)
api.add_router("/", jobs_router)
api.add_router("/", flows_router)
api.add_router("/", geo_router)
api.add_router("/", tracing_router)
api.add_router("/", deduplication_router)
api.add_router("/", movements_router)
api.add_router("/", tasks_router)
api.add_router("/", finance_router)
api.add_router("/", contributions_router)
api.add_router("/", voluntary_router)
api.add_router("/", cooperation_router)
api.add_router("/", cooperation_returns_router)
api.add_router("/", governance_router)
api.add_router("/", portal_router)


@api.exception_handler(NotFound)
def _not_found(request, exc):
    # After the refused work rolled back: a refusal of a record that exists stays in the trail.
    audit_refused(actor=getattr(request, "auth", None) or request.user, refusal=exc.refused)
    return api.create_response(request, {"detail": str(exc)}, status=404)


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(VersionConflict)
def _conflict(request, exc):
    return api.create_response(
        request, {"detail": str(exc), "current_version": exc.current_version}, status=409
    )


@api.exception_handler(ValidationFailed)
def _invalid(request, exc):
    return api.create_response(request, {"detail": _("Invalid input"),
                                         "problems": [_problem(p) for p in exc.problems]},
                               status=422)


@api.exception_handler(RequestInvalid)
def _request_invalid(request, exc):
    """ninja's own refusal of a path, query or body that does not fit the schema, in the same
    shape as the services' (its default is a bare list under `detail`)."""
    return api.create_response(request, {"detail": _("Invalid input"),
                                         "problems": request_problems(exc.errors)}, status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _problem(problem: dict) -> dict:
    """A service's problem in the documented shape: a row is a number or absent."""
    row = problem.get("row")
    return {"field": str(problem.get("field", "")), "message": str(problem.get("message", "")),
            "where": str(problem.get("where", "")), "file": str(problem.get("file", "")),
            "row": int(row) if str(row or "").isdigit() else None}
