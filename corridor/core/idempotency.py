"""Creates sent with an Idempotency-Key: a replay returns the first answer and creates nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from corridor.core.models import IdempotencyRecord


def idempotent_create(
    *, user, key: str | None, endpoint: str, create: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    """Run `create` (returning status and JSON-ready body) once per (user, key, endpoint)."""
    if not key:
        return create()
    key = key.strip()[:128]
    found = IdempotencyRecord.objects.filter(user=user, key=key, endpoint=endpoint).first()
    if found is not None:
        return found.status_code, found.body
    try:
        with transaction.atomic():
            status, body = create()
            IdempotencyRecord.objects.create(user=user, key=key, endpoint=endpoint,
                                             status_code=status, body=body)
            return status, body
    except IntegrityError:
        # A concurrent replay won the race; its create was kept and ours rolled back.
        found = IdempotencyRecord.objects.get(user=user, key=key, endpoint=endpoint)
        return found.status_code, found.body
