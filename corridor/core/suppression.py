"""Small-cell suppression for aggregates shown to analysts."""

from __future__ import annotations

from django.conf import settings


def suppress(count: int, threshold: int | None = None) -> int | None:
    """The count, or None when it is above zero but under the threshold."""
    limit = settings.SUPPRESSION_THRESHOLD if threshold is None else threshold
    return None if 0 < count < limit else count
