"""Logging in: password (Argon2), a TOTP code where the user has a device, and lockout.

Every refusal looks the same to the person at the keyboard, whether the name, the password or the
code was wrong, and whether the name exists; failures are counted per name, existing or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import match_token, user_has_device

from corridor.access.models import LoginThrottle, User
from corridor.core.audit import audit_record
from corridor.core.models import AuditAction


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked: bool = False
    device: object | None = None


def _throttle_key(username: str) -> str:
    return username.strip().lower()[:150]


def login_attempt(
    *, request: HttpRequest, username: str, password: str, code: str = ""
) -> LoginResult:
    key = _throttle_key(username)
    now = timezone.now()
    throttle = LoginThrottle.objects.filter(username=key).first()
    if throttle and throttle.locked_until and throttle.locked_until > now:
        # While locked, even the right password is refused, so guessing cannot go on.
        audit_record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="access.user",
                     summary=f"Login refused while locked: {key}")
        return LoginResult(user=None, locked=True)

    user = authenticate(request, username=username, password=password)
    device = None
    if user is not None and user_has_device(user, confirmed=True):
        device = match_token(user, code.strip()) if code.strip() else None
        if device is None:
            user = None
    if user is None:
        return LoginResult(user=None, locked=_register_failure(key, now))

    LoginThrottle.objects.filter(username=key).delete()
    return LoginResult(user=user, device=device)


@transaction.atomic
def _register_failure(key: str, now) -> bool:
    throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(username=key)
    if throttle.locked_until and throttle.locked_until <= now:
        throttle.failures = 0  # The last lock has run out: start counting again.
        throttle.locked_until = None
    throttle.failures += 1
    throttle.last_failure_at = now
    locked = throttle.failures >= settings.LOGIN_FAILURE_LIMIT
    if locked:
        throttle.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    throttle.save()
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="access.user",
                 summary=f"Failed login for {key}")
    if locked:
        audit_record(actor=None, action=AuditAction.LOCKED_OUT, object_type="access.user",
                     summary=f"Account name {key} locked for {settings.LOGIN_LOCKOUT_MINUTES} min")
    return locked
