"""Writes of the flows app: points, imports into the engine's store, surge alerts, events.

Every write names its actor, checks the policy and records an audit event in its transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import pyarrow.compute as pc
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.models import Office
from corridor.core import uploads
from corridor.core.audit import audit_record, diff_fields
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.flows import policies
from corridor.flows.models import (
    DisplacementEvent,
    ImportBatch,
    ImportFile,
    ImportKind,
    MonitoringPoint,
    SurgeAlert,
)
from corridor.flows.parsing import parse_upload
from corridor.flows.publication import public_store_start
from corridor.flows.store import flow_store
from corridor.geo.models import AdminArea
from corridor.tasks.progress import Unwatched
from engines.flowstats import FlowDataError, FlowFilter, FlowStore, Gazetteer, surge_alerts

SURGE_WINDOW = 28
SURGE_K = 3.0
POINT_FIELDS = ["code", "name", "kind", "admin_area", "latitude", "longitude", "active"]


def _require_office(actor, permission: str, office: Office) -> None:
    """actor None is the system itself (the demo, a management command)."""
    if actor is not None and not policies.can(actor, permission.split(".", 1)[1], office.pk):
        raise PermissionDenied(_("Your role does not allow this in that office."))


# -- points -----------------------------------------------------------------------------------

@transaction.atomic
def point_create(*, actor, office: Office, code: str, name: str, kind: str, admin_area: AdminArea,
                 latitude=None, longitude=None) -> MonitoringPoint:
    _require_office(actor, "flows.import", office)
    if MonitoringPoint.objects.filter(code=code.strip().upper()).exists():
        raise ValidationFailed([{"field": "code", "message": _("A point with this code exists.")}])
    point = MonitoringPoint(office=office, code=code.strip().upper(), name=name, kind=kind,
                            admin_area=admin_area, latitude=latitude, longitude=longitude)
    clean_or_refuse(point, exclude=["version"])
    point.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=point, summary=f"point {point.code}")
    return point


@transaction.atomic
def point_update(*, actor, point: MonitoringPoint, expected_version: int,
                 changes: dict[str, Any]) -> MonitoringPoint:
    _require_office(actor, "flows.import", point.office)
    changes = {k: v for k, v in changes.items() if k in POINT_FIELDS}
    before = {k: getattr(point, k) for k in changes}
    point = versioned_update(point, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=point,
                 changes=diff_fields(before, {k: getattr(point, k) for k in changes}))
    return point


# -- imports ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportOutcome:
    batch: ImportBatch
    created: bool  # False: the same file was imported before, nothing changed


def _problem(source: str, row: int | None, field: str | None, message: str) -> dict[str, str]:
    where = source if row is None else _("%(source)s, row %(row)d") % {"source": source, "row": row}
    return {"where": where, "row": "" if row is None else str(row), "field": field or "",
            "message": message}


def _scope_problems(kind: str, parsed, office: Office) -> list[dict[str, str]]:
    """Rows naming a point, or an assessed area, outside the importing office's reach."""
    problems = []
    table = parsed.table
    subtree = Office.objects.filter(path__startswith=office.path)
    if kind in ("counts", "surveys") and "point" in table.column_names:
        known = set(MonitoringPoint.objects.filter(office__in=subtree).values_list("code", flat=True))
        for index, code in enumerate(table.column("point").to_pylist()):
            code = (code or "").strip().upper()
            if code and code not in known:
                problems.append(_problem(parsed.source, index + 2 + parsed.row_offset, "point",
                                         _("unknown monitoring point of this office (%s)") % code))
    if kind == "assessments" and "admin_pcode" in table.column_names:
        countries = set(subtree.values_list("country", flat=True))
        allowed = set(AdminArea.objects.filter(country__in=countries).values_list("pcode", flat=True))
        known = set(AdminArea.objects.values_list("pcode", flat=True))
        for index, pcode in enumerate(table.column("admin_pcode").to_pylist()):
            pcode = (pcode or "").strip().upper()
            if pcode in known and pcode not in allowed:
                problems.append(_problem(parsed.source, index + 2 + parsed.row_offset, "admin_pcode",
                                         _("area outside this office's countries (%s)") % pcode))
    return problems


def _engine_problems(error: FlowDataError, offset: int) -> list[dict[str, str]]:
    return [_problem(p.source, None if p.row is None else (p.row if p.row == 1 else p.row + offset),
                     p.field, p.message) for p in error.problems]


def check_import_allowed(actor, office: Office, kind: str) -> None:
    """What is refused before a file is even read: an unknown kind, an office out of reach."""
    if kind not in ImportKind.values:
        raise ValidationFailed([{"field": "kind", "message": _("unknown import kind")}])
    _require_office(actor, "flows.import", office)


def flows_import(*, actor, office: Office, kind: str, data: bytes, filename: str,
                 today: dt.date | None = None, progress=None) -> ImportOutcome:
    """Validate a whole file, then load it into the store and record the batch; all or nothing.

    Errors name the row (the header is row 1) and the field. The same file again is the same
    batch: nothing is written twice. `progress` (a background task's) is told the stages.
    """
    progress = progress or Unwatched()
    check_import_allowed(actor, office, kind)
    uploads.check_size(filename, len(data))
    digest = hashlib.sha256(data).hexdigest()
    existing = ImportBatch.objects.filter(kind=kind, sha256=digest).first()
    if existing is not None:
        if actor is not None and not policies.imports_visible_to(actor).filter(pk=existing.pk).exists():
            raise ValidationFailed([{"field": "file", "message": _("This file was already imported.")}])
        return ImportOutcome(existing, False)
    progress.stage("reading")
    parsed = parse_upload(kind, data, filename)
    progress.stage("checking", total=parsed.table.num_rows)
    gazetteer = Gazetteer.of(AdminArea.objects.values_list("pcode", flat=True))
    problems = _scope_problems(kind, parsed, office)
    options = {"gazetteer": gazetteer, "today": today or timezone.localdate(), "names": [parsed.source]}
    if problems:
        # Collect the engine's problems too (in a scratch store), so the user sees them all at once.
        with FlowStore() as scratch:
            try:
                scratch.load(kind, parsed.table, **options)
            except FlowDataError as error:
                problems += _engine_problems(error, parsed.row_offset)
        raise ValidationFailed(sorted(problems, key=lambda p: (int(p["row"] or 0), p["field"])))
    round_number = None
    if kind == "assessments" and "round" in parsed.table.column_names:
        rounds = pc.unique(parsed.table.column("round")).to_pylist()
        round_number = int(rounds[0]) if len(rounds) == 1 and str(rounds[0]).isdigit() else None
    progress.stage("writing")
    public_store_start()
    with transaction.atomic(), flow_store() as store:
        try:
            report = store.load(kind, parsed.table, **options)[0]
        except FlowDataError as error:
            raise ValidationFailed(_engine_problems(error, parsed.row_offset)) from None
        progress.checked(report.rows)
        progress.written(report.rows)
        # From here a failure rolls back the database; the store rows stay, and re-importing the
        # file replaces them by natural key (ADR 0031).
        batch = ImportBatch.objects.create(
            kind=kind, office=office, file_name=parsed.source[:255], sha256=digest,
            row_count=report.rows, replaced=report.replaced, round=round_number,
            engine_batch=report.batch_id, created_by=actor)
        # A draft: the public page takes it only when a reviewer publishes it (ADR 0032).
        ImportFile.objects.create(batch=batch, filename=filename[:255], data=data)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=batch,
                     summary=f"flows import {kind} {parsed.source}: {report.rows} rows, draft")
        if kind == "counts":
            alerts_refresh(store=store)
    return ImportOutcome(batch, True)


# -- surge alerts ------------------------------------------------------------------------------

def alerts_refresh(*, store: FlowStore, since: dt.date | None = None) -> int:
    """Record the surge days the engine finds as alerts for the point's office; return new ones."""
    since = since or timezone.localdate() - dt.timedelta(days=120)
    found = surge_alerts(store, window=SURGE_WINDOW, k=SURGE_K, filters=FlowFilter(date_from=since))
    rows = found.to_pylist()
    points = {p.code: p for p in MonitoringPoint.objects.filter(code__in={r["point"] for r in rows})}
    existing = set(SurgeAlert.objects.filter(point__in=points.values(), date__gte=since)
                   .values_list("point__code", "date"))
    new = [SurgeAlert(point=points[r["point"]], date=r["date"], count=r["count"],
                      upper_bound=r["upper_bound"])
           for r in rows if r["point"] in points and (r["point"], r["date"]) not in existing]
    with transaction.atomic():
        SurgeAlert.objects.bulk_create(new, ignore_conflicts=True)
        for alert in new:
            audit_record(actor=None, action=AuditAction.CREATE, object_type="flows.surgealert",
                         object_id=f"{alert.point.code}:{alert.date}", office_id=alert.point.office_id,
                         summary=f"surge at {alert.point.code} on {alert.date}")
    return len(new)


@transaction.atomic
def alert_acknowledge(*, actor, alert_id: int) -> SurgeAlert:
    alert = policies.alerts_visible_to(actor).select_related("point").filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("No such alert"))
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = actor
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_record(actor=actor, action=AuditAction.UPDATE, object_type="flows.surgealert",
                     object_id=alert.pk, office_id=alert.point.office_id, summary="acknowledged")
    return alert


# -- event tracking ----------------------------------------------------------------------------

@transaction.atomic
def event_record(*, actor, office: Office, admin_area: AdminArea, date: dt.date, kind: str,
                 individuals: int, households: int = 0, description: str = "") -> DisplacementEvent:
    _require_office(actor, "flows.import", office)
    if admin_area.country not in set(Office.objects.filter(path__startswith=office.path)
                                     .values_list("country", flat=True)):
        raise ValidationFailed([{"field": "admin_area",
                                 "message": _("This area is outside the office's countries.")}])
    if date > timezone.localdate():
        raise ValidationFailed([{"field": "date", "message": _("The date is in the future.")}])
    event = DisplacementEvent(office=office, admin_area=admin_area, date=date, kind=kind,
                              individuals=individuals, households=households, description=description)
    clean_or_refuse(event, exclude=["version"])
    event.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=event,
                 summary=f"event {kind} in {admin_area.pcode}")
    return event
