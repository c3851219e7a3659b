"""Optimistic concurrency: a write names the version it read; a stale one is refused."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import F

from corridor.core.errors import VersionConflict, clean_or_refuse
from corridor.core.models import VersionedModel

M = TypeVar("M", bound=VersionedModel)


def versioned_update(obj: M, *, expected_version: int, changes: dict[str, Any]) -> M:
    """Apply `changes` only if the row is still at `expected_version`; bump the version."""
    model = type(obj)
    for field, value in changes.items():
        setattr(obj, field, value)
    clean_or_refuse(obj, exclude=["version"])
    values = {field: getattr(obj, field) for field in changes}
    # One conditional UPDATE: two writers that read the same version cannot both succeed.
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=_now()
    )
    if not updated:
        current = model.objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise VersionConflict(current or 0)
    obj.refresh_from_db()
    return obj


def _now():
    from django.utils import timezone

    return timezone.now()


def model_values(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {field: getattr(obj, field) for field in fields}
