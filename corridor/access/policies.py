"""The one scoping mechanism: which offices a user may act in, for which permission.

A role held in an office reaches that office and every office below it: a country office sees its
own records, a regional office its countries, headquarters everything. Every app's policies build
their querysets from `offices_for()`, so no page or endpoint can forget the scope.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from corridor.access.models import Membership, Office, User
from corridor.access.roles import PERSONAL_DATA_ROLES, ROLE_PERMISSIONS, TOKEN_SCOPES

_CACHE_ATTRIBUTE = "_corridor_memberships"


def memberships_of(user) -> list[tuple[str, int, str]]:
    """(role, office id, office path) for each membership; cached on the user for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).values_list("role", "office_id", "office__path")
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_memberships(user) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def roles_of(user) -> set[str]:
    return {role for role, _office, _path in memberships_of(user)}


def _token_allows(user, permission: str) -> bool:
    """An API request made with a token is limited to the token's scopes."""
    scopes = getattr(user, "token_scopes", None)
    if scopes is None:
        return True
    return any(permission in TOKEN_SCOPES.get(scope, ()) for scope in scopes)


def has_permission(user, permission: str) -> bool:
    return _token_allows(user, permission) and any(
        permission in ROLE_PERMISSIONS.get(role, ()) for role in roles_of(user)
    )


def offices_for(user, permission: str) -> QuerySet[Office]:
    """Offices where `user` holds `permission`, each with its whole subtree."""
    if not _token_allows(user, permission):
        return Office.objects.none()
    paths = {
        path for role, _office, path in memberships_of(user)
        if permission in ROLE_PERMISSIONS.get(role, ())
    }
    if not paths:
        return Office.objects.none()
    condition = Q()
    for path in _outermost(paths):
        condition |= Q(path__startswith=path)
    return Office.objects.filter(condition)


def _outermost(paths: set[str]) -> list[str]:
    """Drop paths inside another one: a regional membership already covers its countries."""
    ordered = sorted(paths, key=len)
    kept: list[str] = []
    for path in ordered:
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


def can_in_office(user, permission: str, office_id: int | None) -> bool:
    if office_id is None:
        return False
    return offices_for(user, permission).filter(pk=office_id).exists()


def needs_two_factor(user) -> bool:
    return bool(roles_of(user) & PERSONAL_DATA_ROLES)


def offices_visible_to(user) -> QuerySet[Office]:
    return offices_for(user, "offices.view")


def staff_visible_to(user) -> QuerySet[User]:
    offices = offices_for(user, "staff.view")
    return User.objects.filter(memberships__office__in=offices).distinct()
