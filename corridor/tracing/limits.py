"""What one officer may ask of the whole registry: sought persons per request, searches a day.

A tracing search reads the consenting people of every office (ADR 0040) and shows a card of
each candidate; without a bound one account could list the registry through it. Both caps are
settings (TRACING_MAX_SOUGHT_PER_REQUEST, TRACING_SEARCHES_PER_DAY). A refusal is audited in a
transaction of its own, after the refused work rolled back, so that it stays in the trail.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.tracing.models import RegistrySearch, TracingRequest

# The action of an audited refusal. The audit branch adds core.AuditAction.REFUSED with this
# value; once merged, use it here.
REFUSED = "refused"


def audit_refusal(*, actor, summary: str, office_id: int,
                  request: TracingRequest | None = None) -> None:
    """One event for a refused tracing action, under the request's office (no personal value:
    counts and limits only)."""
    with transaction.atomic():
        audit_record(actor=actor, action=REFUSED, object_type="tracing.tracingrequest",
                     object_id=request.pk if request is not None else "", office_id=office_id,
                     summary=summary)


def sought_refusal(count: int) -> ValidationFailed | None:
    """The refusal of a request naming more sought persons than one request may, or None."""
    limit = settings.TRACING_MAX_SOUGHT_PER_REQUEST
    if count <= limit:
        return None
    return ValidationFailed([{"field": "sought", "message": _(
        "A tracing request may name at most %(limit)d sought persons (this one names "
        "%(count)d): file the others in another request.") % {"limit": limit, "count": count}}])


def check_sought_count(*, actor, office_id: int, count: int) -> None:
    """Refuse (and audit) a request naming more sought persons than the limit.

    Called before the create's transaction opens (the API's idempotent create runs in one),
    so that the audited refusal is not rolled back with it."""
    refusal = sought_refusal(count)
    if refusal is not None:
        audit_refusal(actor=actor, office_id=office_id,
                      summary=f"Tracing request refused: {count} sought persons, limit "
                              f"{settings.TRACING_MAX_SOUGHT_PER_REQUEST}")
        raise refusal


def _today_start() -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))


def searches_today(actor) -> int:
    return RegistrySearch.objects.filter(actor=actor, at__gte=_today_start()).count()


def claim_search(*, actor, request: TracingRequest, sought_count: int) -> ValidationFailed | None:
    """Count this search against the actor's day, or return the refusal when the day's searches
    are used up. Call it inside the search's transaction: the actor's row is locked so that two
    searches at once cannot both take the last one (SQLite's write lock does the same)."""
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    limit = settings.TRACING_SEARCHES_PER_DAY
    if searches_today(actor) >= limit:
        return ValidationFailed([{"field": "search", "message": _(
            "Daily limit reached: an officer may run %(limit)d registry searches a day. Try "
            "again tomorrow.") % {"limit": limit}}])
    RegistrySearch.objects.create(actor=actor, request=request, sought_count=sought_count)
    return None
