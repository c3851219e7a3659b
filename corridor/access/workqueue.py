"""What waits for a user, on the home page (issue 18, item 11): each app registers a source
(in its AppConfig.ready, so that access imports no app) that counts what waits in that app for
the user — cases to approve, referrals to answer, transfers received, candidates to review,
background tasks ended — and links to the list that shows it.

Counts only: the queue names nobody, so that the home page is no view of personal data."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from corridor.core.errors import PermissionDenied

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueItem:
    key: str
    label: str
    count: int
    url: str
    # The newest thing counted: "new since your last visit" compares it with that visit.
    newest: datetime.datetime | None = None
    alert: bool = False  # something went wrong (a task failed): shown first, marked


Source = Callable[[object], Iterable[QueueItem]]
_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Register (or replace, on a second `ready()`) the source called `name`."""
    _sources[name] = source


def queue_for(user) -> list[QueueItem]:
    """Everything with a count for `user`, alerts first. A source the user's roles do not reach
    (PermissionDenied) adds nothing."""
    items: list[QueueItem] = []
    for name, source in _sources.items():
        try:
            items.extend(item for item in source(user) if item.count)
        except PermissionDenied:
            continue
        except Exception:  # one app's failure must not take the home page down
            logger.exception("work queue source %s failed", name)
    return sorted(items, key=lambda item: (not item.alert, item.key))


def fresh_keys(items: Iterable[QueueItem], seen: datetime.datetime | None) -> set[str]:
    """The items with something newer than `seen` (all, for a first visit)."""
    return {item.key for item in items
            if item.newest is not None and (seen is None or item.newest > seen)}


def new_since(items: Iterable[QueueItem], seen: datetime.datetime | None) -> int:
    return len(fresh_keys(items, seen))


def counted(key: str, label: str, queryset, newest_field: str, url: str, *,
            alert: bool = False) -> QueueItem:
    """An item counting `queryset`: how many and the newest of them, in one query."""
    from django.db.models import Count, Max

    found = queryset.order_by().aggregate(n=Count("pk"), newest=Max(newest_field))
    return QueueItem(key, label, found["n"], url, found["newest"], alert)


# The session keeps when the user last looked at the queue (home page) and the header's count
# of what is new since, recounted at most every REFRESH: counts, never what was counted.
SEEN_KEY = "workqueue_seen"
NEW_KEY = "workqueue_new"
REFRESH = datetime.timedelta(minutes=2)


def parse_time(value: str | None) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def header_count(request) -> int:
    """How many queue items have something new since the user's last look at the home page:
    the header's notification, kept in the session between recounts."""
    from django.utils import timezone

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return 0
    now = timezone.now()
    cached = request.session.get(NEW_KEY) or {}
    counted_at = parse_time(cached.get("at"))
    if counted_at is not None and now - counted_at < REFRESH:
        return int(cached.get("count", 0))
    count = new_since(queue_for(user), parse_time(request.session.get(SEEN_KEY)))
    request.session[NEW_KEY] = {"at": now.isoformat(), "count": count}
    return count
