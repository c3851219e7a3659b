"""Logging in: password (Argon2), a TOTP code where the user has a device, and lockout.

Every refusal looks the same to the person at the keyboard, whether the name, the password or the
code was wrong, and whether the name exists; failures are counted per name, existing or not.

Three counters guard each attempt (settings LOGIN_*_LIMIT):
- the account name from this address (LOGIN_FAILURE_LIMIT): the usual "too many wrong tries";
- this address over every name (LOGIN_ADDRESS_FAILURE_LIMIT): one password sprayed over many
  names trips it, though no single name fails often;
- the account name over every address (LOGIN_ACCOUNT_FAILURE_LIMIT): guessing spread over many
  addresses. It is set above the address limit, so a stranger at one address is stopped by their
  address's counters long before the name is locked for everyone: its owner signing in from
  elsewhere still gets in. (Pairs alone would let a distributed guesser go on without end; an
  account-wide limit alone, as before, let anyone lock anyone out.)

Each attempt is counted before the password is checked, with one atomic UPDATE per counter in one
transaction (count = count + 1; SQLite serialises writers, PostgreSQL locks the rows until commit),
so parallel guesses cannot all read "not locked yet" and race past the limit. A correct sign-in
gives its reservation back. Failures are recorded in aggregate (LoginFailureTally: per name,
address and hour), not as one audit event each: anyone on the internet can attempt, and the audit
trail is append-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Case, DateTimeField, F, PositiveIntegerField, Q, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django_otp import match_token, user_has_device

from corridor.access.models import LoginFailureTally, LoginThrottle, User
from corridor.core.audit import audit_record
from corridor.core.context import current_origin
from corridor.core.models import AuditAction


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    locked: bool = False
    device: object | None = None


@dataclass(frozen=True)
class _Counter:
    key: str
    limit: int
    kind: str  # pair, address or account


def _throttle_key(username: str) -> str:
    return username.strip().lower()[:150]


def _counters(name: str, address: str) -> list[_Counter]:
    # Always in this order, so concurrent attempts lock the rows in the same order (no deadlock).
    return [
        _Counter(f"pair:{address}|{name}", settings.LOGIN_FAILURE_LIMIT, "pair"),
        _Counter(f"address:{address}", settings.LOGIN_ADDRESS_FAILURE_LIMIT, "address"),
        _Counter(f"account:{name}", settings.LOGIN_ACCOUNT_FAILURE_LIMIT, "account"),
    ]


def login_attempt(
    *, request: HttpRequest, username: str, password: str, code: str = ""
) -> LoginResult:
    name = _throttle_key(username)
    # The audit trail's client address (core.middleware), so that both name the same client.
    address = current_origin().ip_address or "unknown"
    now = timezone.now()
    counters = _counters(name, address)
    counts = _reserve(counters, now)
    _prune(now)
    if any(counts[c.key] > c.limit for c in counters):
        # Over a limit: refused before the password is checked, even the right one.
        _tally(name, address, now)
        return LoginResult(user=None, locked=True)

    user = authenticate(request, username=username, password=password)
    device = None
    if user is not None and user_has_device(user, confirmed=True):
        device = match_token(user, code.strip()) if code.strip() else None
        if device is None:
            user = None
    if user is None:
        _tally(name, address, now)
        reached = [c for c in counters if counts[c.key] == c.limit]
        _audit_lockouts(name, reached)
        return LoginResult(user=None, locked=bool(reached))

    _release(counters)
    return LoginResult(user=user, device=device)


@transaction.atomic
def _reserve(counters: list[_Counter], now: datetime) -> dict[str, int]:
    """Count this attempt on every counter; return the counts including it. A counter whose
    last failure is older than the lockout starts again at 1; one already past its limit stays
    as it is, so the lock runs out LOGIN_LOCKOUT_MINUTES after it began, however often a
    stranger keeps trying."""
    keys = [c.key for c in counters]
    LoginThrottle.objects.bulk_create([LoginThrottle(key=key) for key in keys],
                                      ignore_conflicts=True)
    stale = Q(last_failure_at__isnull=True) | Q(
        last_failure_at__lt=now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES))
    for counter in counters:
        over = Q(failures__gt=counter.limit)
        LoginThrottle.objects.filter(key=counter.key).update(
            failures=Case(When(stale, then=Value(1)), When(over, then=F("failures")),
                          default=F("failures") + 1, output_field=PositiveIntegerField()),
            last_failure_at=Case(When(stale, then=Value(now)),
                                 When(over, then=F("last_failure_at")), default=Value(now),
                                 output_field=DateTimeField()),
        )
    # Read inside the same transaction: the rows stay locked by our UPDATEs until commit.
    return dict(LoginThrottle.objects.filter(key__in=keys).values_list("key", "failures"))


@transaction.atomic
def _prune(now: datetime) -> None:
    """Counters nobody has touched for a lockout period are spent: delete them, skipping rows
    another attempt holds (waiting for them could deadlock with that attempt's own counters)."""
    spent = list(LoginThrottle.objects.select_for_update(skip_locked=True)
                 .filter(last_failure_at__lt=now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES))
                 .values_list("pk", flat=True)[:500])
    if spent:
        LoginThrottle.objects.filter(pk__in=spent).delete()
    # Tallies of windows past the retention are never written again: nobody waits on them.
    LoginFailureTally.objects.filter(
        window_start__lt=now - timedelta(days=settings.LOGIN_FAILURE_TALLY_DAYS)).delete()


@transaction.atomic
def _release(counters: list[_Counter]) -> None:
    """A correct sign-in: the name starts afresh at this address, and the attempt reserved on
    the wider counters is given back (it was no failure)."""
    pair, *wider = counters
    LoginThrottle.objects.filter(key=pair.key).delete()
    LoginThrottle.objects.filter(key__in=[c.key for c in wider], failures__gt=0).update(
        failures=F("failures") - 1)


def _tally(name: str, address: str, now: datetime) -> None:
    window = now.replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        LoginFailureTally.objects.bulk_create(
            [LoginFailureTally(username=name, address=address, window_start=window)],
            ignore_conflicts=True)
        LoginFailureTally.objects.filter(username=name, address=address,
                                         window_start=window).update(failures=F("failures") + 1)


def _audit_lockouts(name: str, reached: list[_Counter]) -> None:
    """One event when a lock begins, naming no text the attempt chose: the account by its id
    (only for a name that exists), or the address, which the event carries anyway."""
    if not reached:
        return
    user = None
    if any(c.kind != "address" for c in reached):
        user = User.objects.filter(username__iexact=name).first()
    with transaction.atomic():
        for counter in reached:
            if counter.kind == "address":
                audit_record(actor=None, action=AuditAction.LOCKED_OUT, object_type="access.user",
                             summary="Sign-in locked for this address (all account names)")
            elif user is not None:
                audit_record(actor=None, action=AuditAction.LOCKED_OUT, obj=user,
                             summary="Sign-in locked for this address" if counter.kind == "pair"
                             else "Sign-in locked for this account from every address")
