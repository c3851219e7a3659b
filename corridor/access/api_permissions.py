"""The API's authentication and permission check: the same policy as the pages, plus the token's
scopes.

An operation names its permission in its decorator (`auth=permits("registry.edit")`): ninja runs
authentication before it reads the path, query or body, so a token or user lacking the permission
gets 403 whatever it sent, and a refusal cannot be told apart by how malformed the request was."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from corridor.access.policies import has_permission
from corridor.access.roles import TOKEN_SCOPES, scope_for_permission
from corridor.access.services import token_authenticate
from corridor.core.errors import PermissionDenied


def require(user, permission: str) -> None:
    """Refuse with 403 and say why: the token's scope, or the user's role."""
    scopes = getattr(user, "token_scopes", None)
    if scopes is not None and not any(permission in TOKEN_SCOPES.get(s, ()) for s in scopes):
        raise PermissionDenied(
            _("This token lacks the scope '%(scope)s' needed here.")
            % {"scope": scope_for_permission(permission) or permission}
        )
    if not has_permission(user, permission):
        raise PermissionDenied(_("Your role does not allow this."))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer crd_…`: a personal access token, limited to its scopes."""

    openapi_description = "Personal access token, created on the API tokens page."

    def __init__(self, *permissions: str) -> None:
        super().__init__()
        self.permissions = permissions

    def authenticate(self, request: HttpRequest, token: str):
        found = token_authenticate(token)
        if found is None:
            return None
        user = found.user
        user.token_scopes = list(found.scopes)
        request.user = user
        for permission in self.permissions:
            require(user, permission)
        return user


class SessionAuth(APIKeyHeader):
    """The signed-in browser session (with its CSRF token on writes), as the pages use."""

    param_name = "X-CSRFToken"

    def __init__(self, *permissions: str) -> None:
        super().__init__()
        self.permissions = permissions

    def __call__(self, request: HttpRequest):
        user = django_auth(request)
        if user:
            for permission in self.permissions:
                require(user, permission)
        return user

    def authenticate(self, request: HttpRequest, key):  # pragma: no cover - __call__ decides
        return None


def permits(*permissions: str) -> list:
    """The API's authentications (token, then session), each refusing with 403 a user or token
    without every one of `permissions` before the request's parameters and body are read."""
    return [TokenAuth(*permissions), SessionAuth(*permissions)]


# Operations that any signed-in client may call (who am I, the schema).
SIGNED_IN = [TokenAuth(), SessionAuth()]
