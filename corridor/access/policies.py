"""The one scoping mechanism: which offices a user may act in, for which permission.

A role held in an office reaches that office and every office below it: a country office sees its
own records, a regional office its countries, headquarters everything. Every app's policies build
their querysets from `offices_for()`, so no page or endpoint can forget the scope.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet

from corridor.access.models import GrantStatus, Membership, Office, RoleGrantRequest, User
from corridor.access.roles import PERSONAL_DATA_ROLES, ROLE_PERMISSIONS, TOKEN_SCOPES

_CACHE_ATTRIBUTE = "_corridor_memberships"
_SUBTREES_ATTRIBUTE = "_corridor_subtrees"


def memberships_of(user) -> list[tuple[str, int, str]]:
    """(role, office id, office path) for each membership; cached on the user for the request,
    with the ids of each membership office's subtree (`office_ids_for`), read in the same query."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        # One query for both: a list request read the memberships, then the offices below them
        # (a sixth of the people list's queries). Paths are digits and slashes: no LIKE wildcard.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.role, m.office_id, o.path, sub.id FROM {Membership._meta.db_table} m"  # noqa: S608 - table names only
                f" JOIN {Office._meta.db_table} o ON o.id = m.office_id"
                f" JOIN {Office._meta.db_table} sub ON sub.path LIKE o.path || '%%'"
                " WHERE m.user_id = %s ORDER BY m.id, sub.id", [user.pk])
            rows = cursor.fetchall()
        cached = list(dict.fromkeys((role, office, path) for role, office, path, _sub in rows))
        subtrees: dict[int, set[int]] = {}
        for _role, office, _path, sub in rows:
            subtrees.setdefault(office, set()).add(sub)
        setattr(user, _CACHE_ATTRIBUTE, cached)
        setattr(user, _SUBTREES_ATTRIBUTE, subtrees)
    return cached


def forget_memberships(user) -> None:
    for attribute in (_CACHE_ATTRIBUTE, _SUBTREES_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def office_ids_for(user, permission: str) -> list[int]:
    """The ids of `offices_for(user, permission)`, from the memberships read (no query of its
    own). Offices created after the memberships were read in this request are not in it."""
    if not _token_allows(user, permission):
        return []
    memberships = memberships_of(user)  # reads the subtrees with them
    subtrees = getattr(user, _SUBTREES_ATTRIBUTE, {})
    return sorted({sub for role, office, _path in memberships
                   if permission in ROLE_PERMISSIONS.get(role, ()) for sub in subtrees[office]})


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


def second_factor_required(user) -> bool:
    """Whether this user must use a second factor here (roles, and the TWO_FACTOR_REQUIRED switch)."""
    return bool(settings.TWO_FACTOR_REQUIRED) and needs_two_factor(user)


def second_factor_verified(user) -> bool:
    """Signed in with the second factor wherever the user's roles need one. django-otp's
    middleware gives the session's user `is_verified()`; a user read from the database without
    a session (a token's, a command's) has none, so counts as not verified."""
    if not second_factor_required(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    return callable(is_verified) and bool(is_verified())


def token_scopes_allowed(user) -> set[str]:
    """Scopes a token of `user` may carry: those whose every permission the user's roles hold,
    so that a token never names more than its owner may do."""
    held: set[str] = set()
    for role in roles_of(user):
        held |= ROLE_PERMISSIONS.get(role, frozenset())
    return {scope for scope, permissions in TOKEN_SCOPES.items() if permissions <= held}


def offices_visible_to(user) -> QuerySet[Office]:
    return offices_for(user, "offices.view")


def staff_visible_to(user) -> QuerySet[User]:
    """Staff holding a role in the user's staff scope, or waiting for one there (an account
    just created with a role that needs approval holds no role yet)."""
    offices = offices_for(user, "staff.view")
    return User.objects.filter(
        Q(memberships__office__in=offices)
        | Q(grant_requests__office__in=offices, grant_requests__status=GrantStatus.PENDING)
    ).distinct()


def may_grant_to(actor, member, office_id: int) -> bool:
    """An administrator gives roles in their scope to others whose every role lies within it:
    a regional administrator cannot reach a headquarters administrator who also holds a role in
    the region."""
    scope = set(office_ids_for(actor, "staff.manage"))
    if member.pk == actor.pk or office_id not in scope:
        return False
    return set(member.memberships.values_list("office_id", flat=True)) <= scope


def may_manage_user(actor, member) -> bool:
    """Remove roles from, deactivate or activate `member`: every role of theirs within the
    actor's staff scope, and at least one role (or a role waiting for approval) there."""
    scope = set(office_ids_for(actor, "staff.manage"))
    if member.pk == actor.pk or not scope:
        return False
    held = set(member.memberships.values_list("office_id", flat=True))
    waiting = set(member.grant_requests.filter(status=GrantStatus.PENDING)
                  .values_list("office_id", flat=True))
    return held <= scope and bool((held | waiting) & scope)


def grant_requests_visible_to(user) -> QuerySet[RoleGrantRequest]:
    """Pending role grants in the offices where the user manages staff."""
    return RoleGrantRequest.objects.filter(
        status=GrantStatus.PENDING, office_id__in=office_ids_for(user, "staff.manage"))


def may_decide_grant(actor, grant: RoleGrantRequest) -> bool:
    """Four eyes: a second administrator whose scope covers the office and the member, neither
    the one who asked nor the one who would gain the role."""
    return (grant.status == GrantStatus.PENDING
            and actor.pk not in (grant.requested_by_id, grant.user_id)
            and may_grant_to(actor, grant.user, grant.office_id))
