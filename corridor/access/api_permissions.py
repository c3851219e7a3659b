"""The API's permission check: the same policy as the pages, plus the token's scopes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from corridor.access.policies import has_permission
from corridor.access.roles import TOKEN_SCOPES, scope_for_permission
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
