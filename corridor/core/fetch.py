"""The one fetch-and-authorise helper: a record by id among those the user may see.

Every `*_get_for_user` selector goes through it. A record that exists outside the scope answers
the same NotFound as an absent one (existence does not leak), carrying a `Refusal` that the
faces answering 404 (the pages' refusal middleware, the API's handler) write to the trail.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet

from corridor.core.errors import NotFound, Refusal

M = TypeVar("M", bound=models.Model)


def get_in_scope(visible: QuerySet[M], pk: int, message: str, *,
                 office_field: str = "office_id") -> M:
    """The record `pk` of `visible` (a queryset already filtered by the policy), or NotFound.
    `office_field` leads from the record to its office (e.g. "operation__office_id")."""
    found = visible.filter(pk=pk).first()
    if found is None:
        raise NotFound(message, refused=refusal_for(visible.model, pk, office_field=office_field))
    return found


def refusal_for(model: type[models.Model], pk: object, *,
                office_field: str = "office_id") -> Refusal | None:
    """A Refusal when record `pk` of `model` exists at all (outside the scope, then), else None.
    The id kept is the record's own, read back from the database: never text from the request."""
    try:
        wanted = int(pk)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    fields = ["pk", office_field] if _has_path(model, office_field) else ["pk"]
    row = model._base_manager.filter(pk=wanted).values_list(*fields).first()
    if row is None:
        return None
    return Refusal(object_type=model._meta.label_lower, object_id=row[0],
                   office_id=row[1] if len(row) > 1 else None)


def _has_path(model: type[models.Model], path: str) -> bool:
    """Whether `path` ("office_id", "case__office_id") leads from `model` to a field."""
    current = model
    parts = path.split("__")
    for position, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:  # the last part may be an attname, like office_id
            if position == len(parts) - 1:
                return any(getattr(f, "attname", None) == part for f in current._meta.fields)
            return False
        if field.is_relation and position < len(parts) - 1:
            current = field.related_model
    return True
