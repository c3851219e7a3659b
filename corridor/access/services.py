"""Writes for offices, staff, memberships and API tokens. Each names its actor and is audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device

from corridor.access import policies
from corridor.access.models import (
    ApiToken,
    GrantStatus,
    Membership,
    Office,
    OfficeKind,
    RoleGrantRequest,
    User,
)
from corridor.access.policies import can_in_office, forget_memberships
from corridor.access.roles import PERSONAL_DATA_ROLES, TOKEN_SCOPES, Role
from corridor.core.audit import audit_record, diff_fields
from corridor.core.errors import PermissionDenied, ValidationFailed, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update

TOKEN_PREFIX = "crd_"  # noqa: S105 - a marker for secret scanners, not a secret
TOKEN_MAX_DAYS = 365


@transaction.atomic
def office_create(
    *, actor: User | None, code: str, name: str, kind: str, country: str,
    parent: Office | None = None,
) -> Office:
    if kind != OfficeKind.HEADQUARTERS and parent is None:
        raise ValidationFailed([{"field": "parent", "message": "Only headquarters has no parent"}])
    # An administrator adds offices below one they manage; headquarters is the system's (demo).
    if actor is not None and (parent is None or not can_in_office(actor, "offices.manage", parent.pk)):
        raise PermissionDenied(_("You do not manage the parent office."))
    office = Office(code=code, name=name, kind=kind, country=country.upper(), parent=parent)
    clean_or_refuse(office, exclude=["path"])
    office.save()
    office.path = f"{parent.path if parent else ''}{office.pk}/"
    office.save(update_fields=["path"])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=office, office_id=office.pk,
                 summary=f"Office {code}")
    return office


OFFICE_EDITABLE = ("code", "name", "country")


@transaction.atomic
def office_update(*, actor: User, office: Office, expected_version: int,
                  changes: dict[str, Any]) -> Office:
    """Rename an office, or correct its code or country; where it sits in the tree (its parent,
    its kind) stays, as the scope of every record below it follows from it."""
    if not can_in_office(actor, "offices.manage", office.pk):
        raise PermissionDenied(_("You do not manage this office."))
    changes = {k: (v.upper() if k == "country" else v) for k, v in changes.items() if k in OFFICE_EDITABLE}
    before = {k: getattr(office, k) for k in changes}
    office = versioned_update(office, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=office, office_id=office.pk,
                 changes=diff_fields(before, {k: getattr(office, k) for k in changes}),
                 summary=f"Office {office.code}")
    return office


@transaction.atomic
def user_create(
    *, actor: User | None, username: str, password: str | None, email: str = "",
    first_name: str = "", last_name: str = "",
    memberships: list[tuple[Office, str]] = (),
) -> User:
    """Create an account; `password=None` leaves it without a usable password."""
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_password(password)
    clean_or_refuse(user, exclude=["password"])
    user.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=user, summary=f"User {username}")
    for office, role in memberships:
        membership_grant(actor=actor, user=user, office=office, role=role)
    return user


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, office: Office, role: str
) -> Membership | RoleGrantRequest:
    """Give `user` a role in `office`. Given by an administrator (`actor`), a role that sees
    personal data becomes a request that a second administrator must approve (four eyes), and
    that request is returned; `actor=None` (commands, the demo) grants directly."""
    if role not in Role.values:
        raise ValidationFailed([{"field": "role", "message": f"Unknown role {role!r}"}])
    if actor is None:
        return _apply_grant(actor=None, user=user, office=office, role=role)
    if not policies.may_grant_to(actor, user, office.pk):
        raise PermissionDenied(_("You may give roles only in your offices, to staff whose every "
                                 "role is within them, and not to yourself."))
    if role not in PERSONAL_DATA_ROLES:
        return _apply_grant(actor=actor, user=user, office=office, role=role)
    existing = Membership.objects.filter(user=user, office=office, role=role).first()
    if existing is not None:
        return existing
    grant, created = RoleGrantRequest.objects.get_or_create(
        user=user, office=office, role=role, status=GrantStatus.PENDING,
        defaults={"requested_by": actor})
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=grant, office_id=office.pk,
                     summary=f"{user.username}: {role} in {office.code} requested, "
                             "awaiting a second administrator")
    return grant


def _apply_grant(*, actor: User | None, user: User, office: Office, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, office=office, role=role)
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=membership, office_id=office.pk,
                     summary=f"{user.username}: {role} in {office.code}")
        if role in PERSONAL_DATA_ROLES:
            # Tokens minted before must not gain personal data without the second factor.
            _revoke_tokens(actor=actor, user=user, reason=f"gained {role}")
    forget_memberships(user)
    return membership


def _locked_pending(grant: RoleGrantRequest) -> RoleGrantRequest:
    """The request read again under a row lock: two administrators deciding at once cannot
    both act on it."""
    locked = (RoleGrantRequest.objects.select_for_update()
              .select_related("user", "office", "requested_by").get(pk=grant.pk))
    if locked.status != GrantStatus.PENDING:
        raise ValidationFailed([{"field": "status",
                                 "message": _("This request has already been decided.")}])
    return locked


def _decide(*, actor: User, grant: RoleGrantRequest, status: str) -> RoleGrantRequest:
    grant = _locked_pending(grant)
    if not policies.may_decide_grant(actor, grant):
        raise PermissionDenied(_("A second administrator whose offices cover this one decides: "
                                 "not the one who asked, nor the one who would get the role."))
    grant.status = status
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=grant, office_id=grant.office_id,
                 changes={"status": [GrantStatus.PENDING, status]},
                 summary=f"{grant.user.username}: {grant.role} in {grant.office.code} {status} "
                         f"(asked by {grant.requested_by.username})")
    return grant


@transaction.atomic
def grant_approve(*, actor: User, grant: RoleGrantRequest) -> Membership:
    grant = _decide(actor=actor, grant=grant, status=GrantStatus.APPROVED)
    return _apply_grant(actor=actor, user=grant.user, office=grant.office, role=grant.role)


@transaction.atomic
def grant_decline(*, actor: User, grant: RoleGrantRequest) -> RoleGrantRequest:
    return _decide(actor=actor, grant=grant, status=GrantStatus.DECLINED)


def _require_may_manage(actor: User | None, user: User) -> None:
    if actor is not None and not policies.may_manage_user(actor, user):
        raise PermissionDenied(_("You may manage only staff whose every role is within your "
                                 "offices, and not yourself."))


def _revoke_tokens(*, actor: User | None, user: User, reason: str) -> int:
    """Revoke every live token of `user` (their rights changed: a token minted under the old
    ones must not carry them on); one audit event for all."""
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if revoked:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user,
                     summary=f"{revoked} API token(s) of {user.username} revoked: {reason}")
    return revoked


def _digest(secret: str) -> str:
    # Tokens are 256-bit random strings: a plain SHA-256 is enough; no slow hash is needed.
    return hashlib.sha256(secret.encode()).hexdigest()


def _require_second_factor(actor: User) -> None:
    """A token is a credential that outlives the session: only a session that passed the second
    factor (where the roles need one) may mint or revoke one."""
    if not policies.second_factor_verified(actor):
        raise PermissionDenied(
            _("Sign in with your second factor before creating or revoking API tokens."))


@transaction.atomic
def token_create(
    *, actor: User, name: str, scopes: list[str], expires_in_days: int = 90
) -> tuple[ApiToken, str]:
    """Create a token for `actor`; returns it with the plaintext, which is never stored."""
    _require_second_factor(actor)
    unknown = sorted(set(scopes) - set(TOKEN_SCOPES))
    problems = [{"field": "scopes", "message": f"Unknown scope {s!r}"} for s in unknown]
    beyond = sorted(set(scopes) & set(TOKEN_SCOPES) - policies.token_scopes_allowed(actor))
    problems += [{"field": "scopes",
                  "message": _("Your roles do not allow the scope %(scope)s.") % {"scope": s}}
                 for s in beyond]
    if not scopes:
        problems.append({"field": "scopes", "message": "Choose at least one scope"})
    if not name.strip():
        problems.append({"field": "name", "message": "Give the token a name"})
    if not isinstance(expires_in_days, int) or not 1 <= expires_in_days <= TOKEN_MAX_DAYS:
        problems.append({"field": "expires_in_days",
                         "message": _("A token expires after 1 to %(days)d days.")
                         % {"days": TOKEN_MAX_DAYS}})
    if problems:
        raise ValidationFailed(problems)
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=actor, name=name.strip(), prefix=prefix, digest=_digest(secret),
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=token,
                 summary=f"API token {token.name} ({', '.join(token.scopes)})")
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    _require_second_factor(actor)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=token,
                     summary=f"API token {token.name} revoked")


def token_authenticate(secret: str) -> ApiToken | None:
    """The live token matching `secret`, or None. Compares digests in constant time."""
    if not secret.startswith(TOKEN_PREFIX) or secret.count("_") < 2:
        return None
    prefix = secret[len(TOKEN_PREFIX):].split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not secrets.compare_digest(token.digest, _digest(secret)):
        return None
    now = timezone.now()
    if token.revoked_at or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    # A token cannot stand in for a second factor its owner never set up.
    if policies.second_factor_required(token.user) and not user_has_device(token.user,
                                                                            confirmed=True):
        return None
    # Touch at most once a minute: a busy client should not write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def membership_revoke(*, actor: User | None, membership: Membership) -> None:
    _require_may_manage(actor, membership.user)
    audit_record(actor=actor, action=AuditAction.DELETE, obj=membership,
                 office_id=membership.office_id,
                 summary=f"{membership.user.username}: {membership.role} in "
                         f"{membership.office.code} removed")
    user = membership.user
    role = membership.role
    membership.delete()
    forget_memberships(user)
    _revoke_tokens(actor=actor, user=user, reason=f"lost {role}")


@transaction.atomic
def user_set_active(*, actor: User | None, user: User, active: bool) -> User:
    """Deactivate rather than delete: the audit trail keeps pointing at the account."""
    _require_may_manage(actor, user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=user,
                     changes={"is_active": [not active, active]},
                     summary=f"User {user.username} {'activated' if active else 'deactivated'}")
        if not active:
            _revoke_tokens(actor=actor, user=user, reason="account deactivated")
    return user
