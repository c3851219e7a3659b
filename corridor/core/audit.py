"""Recording audit events: every write and every view or export of personal data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from corridor.core.context import current_origin
from corridor.core.errors import Refusal
from corridor.core.models import AuditAction, AuditEvent, AuditEventOffice


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
    offices: Iterable[int | None] = (),
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the change it records. `offices`:
    those of the records it showed or exported (a list spans several), each one's
    administrators see it (see AuditEventOffice)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if office_id is None:
            office_id = getattr(obj, "office_id", None)
    origin = current_origin()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent.objects.create(
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
    linked = sorted({office for office in offices if office is not None})
    if linked:
        AuditEventOffice.objects.bulk_create(
            [AuditEventOffice(event=event, office_id=office) for office in linked])
    return event


# List filters whose values are personal (a searched name, a phone or document number): the
# trail names them but keeps no value, as diff_fields does for personal fields (ADR 0003).
PERSONAL_FILTERS = frozenset({"q", "phone", "document", "document_number"})


def audit_listed(*, actor: Any | None, object_type: str, ids: list[int], filters: dict,
                 what: str, offices: Iterable[int | None] = ()) -> AuditEvent | None:
    """One view event for a page of a list of personal records: who saw which records (`ids`,
    kept under `what`, e.g. "people"), found how (the filters used; a personal one named
    "given", without its value), in which offices (`offices`: the records' own, so that their
    administrators see who listed their people). Nothing is written for an empty page: it
    showed nobody. A page showing one record (a detail naming its people) is a list too."""
    if not ids:
        return None
    used = {k: "given" if k in PERSONAL_FILTERS else str(v) for k, v in filters.items() if v}
    return audit_record(actor=actor, action=AuditAction.VIEW, object_type=object_type,
                        summary=f"Listed {len(ids)} {what}", changes={what: ids, "filters": used},
                        offices=offices)


def office_of(record: Any, path: str = "office_id") -> int | None:
    """The office id found along `path` ("office_id", "person.office_id") from a record."""
    for part in path.split("."):
        record = getattr(record, part, None)
        if record is None:
            return None
    return record


def audit_exported(*, actor: Any | None, object_type: str, ids: Iterable[int], what: str,
                   offices: Iterable[int | None], summary: str, object_id: str | int = "",
                   details: dict | None = None) -> AuditEvent:
    """One export event naming every record exported: their ids, sorted, under `what` (a JSON
    list: 100,000 people are about 0.7 MB, one row; the file itself is far larger), and the
    offices they belong to, whose administrators then see the export. `details`: how it was
    asked for (format, filter names), never a personal value."""
    exported = sorted(set(ids))
    return audit_record(actor=actor, action=AuditAction.EXPORT, object_type=object_type,
                        object_id=object_id, summary=summary,
                        changes={**(details or {}), what: exported, "count": len(exported)},
                        offices=offices)


def audit_refused(*, actor: Any | None, refusal: Refusal | None) -> AuditEvent | None:
    """A refused attempt on a record that exists outside the actor's scope: who, which type,
    which id (the record's own, never the text asked for), when. Written by the faces that
    answer 404 (the pages' `ServiceRefusalMiddleware`, the API's NotFound handler), after the
    refused work rolled back."""
    if refusal is None:
        return None
    return audit_record(actor=actor, action=AuditAction.REFUSED, object_type=refusal.object_type,
                        object_id=refusal.object_id, office_id=refusal.office_id,
                        summary="Out of scope")


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
