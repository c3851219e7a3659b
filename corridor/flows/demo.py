"""Demo data: the gazetteer, a few points per country office, eight weeks of generated counts
(with a surge on one point) and a baseline assessment round, loaded once."""

from __future__ import annotations

import datetime as dt
import io
import random

import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import transaction
from django.utils import timezone

from corridor.access.models import Office, OfficeKind, User
from corridor.access.roles import Role
from corridor.flows import publication, services
from corridor.flows.models import ImportBatch, MonitoringPoint, PointKind, PublicationStatus
from corridor.flows.store import flow_store
from corridor.geo.demo import gazetteer_demo_load
from corridor.geo.models import AdminArea
from engines.flowstats.generator import Surge, generate_flow_counts, points

POINTS_PER_OFFICE = 3
DAYS = 56
SEED = 2026


def _csv(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer)
    return buffer.getvalue()


def _remap(table: pa.Table, column: str, mapping: dict[str, str]) -> pa.Table:
    values = [mapping.get(v, v) if v is not None else None for v in table.column(column).to_pylist()]
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, pa.string()))


def _points() -> list[MonitoringPoint]:
    created = []
    kinds = [PointKind.BORDER_CROSSING, PointKind.TRANSIT_HUB, PointKind.BUS_STATION]
    for office in Office.objects.filter(kind=OfficeKind.COUNTRY).order_by("code"):
        areas = list(AdminArea.objects.filter(country=office.country, level=1).order_by("pcode"))
        if not areas:
            continue
        for number in range(POINTS_PER_OFFICE):
            area = areas[(number * 5) % len(areas)]
            created.append(services.point_create(
                actor=None, office=office, code=f"{office.country}-FMP{number + 1:02d}",
                name=f"{area.name} {kinds[number].label}", kind=kinds[number], admin_area=area,
                latitude=area.latitude, longitude=area.longitude))
    return created


def _assessments(today: dt.date) -> pa.Table:
    rng = random.Random(SEED)
    rows = []
    countries = set(Office.objects.values_list("country", flat=True))
    for area in AdminArea.objects.filter(level=1, country__in=countries).order_by("pcode"):
        for population in ("idp", "returnee"):
            for sex in ("female", "male"):
                size = int(rng.lognormvariate(6.0 if population == "idp" else 4.5, 1.2))
                if size:
                    rows.append({"round": "1", "assessment_type": "baseline",
                                 "date": (today - dt.timedelta(days=30)).isoformat(),
                                 "admin_pcode": area.pcode, "population_type": population,
                                 "sex": sex, "individuals": str(size)})
    return pa.Table.from_pylist(rows)


def demo_flows_load() -> int:
    """Load the demo when no point exists yet; return the number of points created."""
    if MonitoringPoint.objects.exists():
        return 0
    gazetteer_demo_load()
    with transaction.atomic():
        created = _points()
    if not created:
        return 0
    today = timezone.localdate()
    start = today - dt.timedelta(days=DAYS)
    counts = generate_flow_counts(seed=SEED, start=start, days=DAYS, point_count=len(created),
                                  cells_per_day=30,
                                  surge=Surge(point=points(1)[0], start=today - dt.timedelta(days=3), days=3))
    counts = _remap(counts, "point", dict(zip(points(len(created)), [p.code for p in created], strict=True)))
    areas = list(AdminArea.objects.filter(level=1).values_list("pcode", flat=True))
    originals = sorted(set(counts.column("origin").to_pylist())
                       | set(counts.column("destination").to_pylist()))
    area_map = {code: areas[i % len(areas)] for i, code in enumerate(originals)}
    counts = _remap(_remap(counts, "origin", area_map), "destination", area_map)
    by_office: dict[int, list[str]] = {}
    for point in created:
        by_office.setdefault(point.office_id, []).append(point.code)
    codes = counts.column("point").to_pylist()
    for office_id, office_codes in by_office.items():
        mask = pa.array([c in office_codes for c in codes])
        part = counts.filter(mask)
        # Generated cells that share a key after the area remapping are summed.
        part = part.group_by([c for c in part.column_names if c != "count"]).aggregate([("count", "sum")])
        part = part.rename_columns([*part.column_names[:-1], "count"])
        services.flows_import(actor=None, office=Office.objects.get(pk=office_id), kind="counts",
                              data=_csv(part), filename=f"demo-counts-{office_id}.csv", today=today)
    hq = Office.objects.filter(parent__isnull=True).first() or created[0].office
    services.flows_import(actor=None, office=hq, kind="assessments", data=_csv(_assessments(today)),
                          filename="demo-baseline-round-1.csv", today=today)
    with flow_store() as store:
        services.alerts_refresh(store=store)
    _publish(hq)
    return len(created) if ImportBatch.objects.exists() else 0


def _publish(hq: Office) -> None:
    """The demo's public page shows published figures: headquarters' analyst reviews and
    publishes what was loaded, as a reviewer would (ADR 0032)."""
    reviewer = (User.objects.filter(memberships__office=hq, memberships__role=Role.DATA_ANALYST,
                                    is_active=True).order_by("username").first())
    if reviewer is None:
        return
    for batch in ImportBatch.objects.filter(status=PublicationStatus.DRAFT).order_by("created_at", "id"):
        publication.import_publish(actor=reviewer, batch_id=batch.pk)
