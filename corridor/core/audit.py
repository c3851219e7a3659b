"""Recording audit events: every write and every view or export of personal data."""

from __future__ import annotations

from typing import Any

from django.db import models

from corridor.core.context import current_origin
from corridor.core.models import AuditAction, AuditEvent


def audit_record(
    *,
    actor: Any | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    office_id: int | None = None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if office_id is None:
            office_id = getattr(obj, "office_id", None)
    origin = current_origin()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=actor.get_username() if authenticated else "",
        action=str(action),
        object_type=object_type,
        object_id=str(object_id),
        office_id=office_id,
        summary=summary[:255],
        changes=changes or {},
        ip_address=origin.ip_address,
        via=origin.via,
    )


# List filters whose values are personal (a searched name, a phone or document number): the
# trail names them but keeps no value, as diff_fields does for personal fields (ADR 0003).
PERSONAL_FILTERS = frozenset({"q", "phone", "document", "document_number"})


def audit_listed(*, actor: Any | None, object_type: str, ids: list[int], filters: dict,
                 what: str) -> AuditEvent | None:
    """One view event for a page of a list of personal records: who saw which records (`ids`,
    kept under `what`, e.g. "people"), found how (the filters used; a personal one named
    "given", without its value). Nothing is written for an empty page: it showed nobody."""
    if not ids:
        return None
    used = {k: "given" if k in PERSONAL_FILTERS else str(v) for k, v in filters.items() if v}
    return audit_record(actor=actor, action=AuditAction.VIEW, object_type=object_type,
                        summary=f"Listed {len(ids)} {what}", changes={what: ids, "filters": used})


def diff_fields(
    before: dict[str, Any], after: dict[str, Any], *, personal: set[str] = frozenset()
) -> dict[str, Any]:
    """Changed fields as {field: [old, new]}; personal fields name the change but keep no values."""
    changed: dict[str, Any] = {}
    for field, new in after.items():
        old = before.get(field)
        if old != new:
            changed[field] = "changed" if field in personal else [_plain(old), _plain(new)]
    return changed


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
