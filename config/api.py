"""The API root: mounts each app's router, authenticates, and turns service errors into answers."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from corridor.access.api import router as access_router
from corridor.access.services import token_authenticate
from corridor.cases.api import router as cases_router
from corridor.core.audit import audit_refused
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.flows.api import router as flows_router
from corridor.jobs.api import router as jobs_router
from corridor.movements.api import router as movements_router
from corridor.registry.api import router as registry_router
from corridor.registry.imports.api import router as registry_imports_router
from corridor.tracing.api import router as tracing_router


class TokenAuth(HttpBearer):
    """`Authorization: Bearer crd_…`: a personal access token, limited to its scopes."""

    openapi_description = "Personal access token, created on the API tokens page."

    def authenticate(self, request: HttpRequest, token: str):
        found = token_authenticate(token)
        if found is None:
            return None
        user = found.user
        user.token_scopes = list(found.scopes)
        request.user = user
        return user


class SessionAuth(APIKeyHeader):
    """The signed-in browser session (with its CSRF token on writes), as the pages use."""

    param_name = "X-CSRFToken"

    def __call__(self, request: HttpRequest):
        return django_auth(request)

    def authenticate(self, request: HttpRequest, key):  # pragma: no cover - __call__ decides
        return None


class CorridorAPI(NinjaAPI):
    """The schema is built once per address and language: building it takes ~160 ms, and
    `/api/v1/openapi.json` is public to every signed-in client."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict | None = None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, get_language())
        cache = self.__dict__.setdefault("_corridor_schemas", {})
        if key not in cache:
            cache[key] = super().get_openapi_schema(path_prefix=path_prefix)
        return cache[key]


api = CorridorAPI(
    title="Corridor API",
    version="1",
    description="Operations of an intergovernmental migration organisation. Every endpoint applies "
    "the same role and office scope as the pages; records outside it answer 404.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)
api.add_router("/", access_router)
api.add_router("/", registry_router)
api.add_router("/", registry_imports_router)
api.add_router("/", cases_router)
api.add_router("/", jobs_router)
api.add_router("/", flows_router)
api.add_router("/", tracing_router)
api.add_router("/", movements_router)


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
    return api.create_response(request, {"detail": "Invalid input", "problems": exc.problems},
                               status=422)
