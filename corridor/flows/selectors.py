"""Reads of the flows app, always scoped: an analyst sees the points of the offices in reach of
`flows.view`, and assessments of those offices' countries. Out of scope answers NotFound.

Analytics come from the engine, already suppressed: a masked cell has `count` None and
`suppressed` True, and is shown as "< 5" (the threshold) everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.policies import has_permission
from corridor.core import formatting
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.fetch import get_in_scope
from corridor.flows import labels, policies
from corridor.flows.models import DisplacementEvent, ImportBatch, MonitoringPoint, SurgeAlert
from corridor.flows.store import flow_store, store_path
from corridor.geo.models import AdminArea
from engines.flowstats import (
    TOTAL,
    FlowFilter,
    FlowQueryError,
    FlowResult,
    displaced_population,
    flow_breakdown,
    flow_series,
    od_matrix,
    surge_alerts,
)

NOTHING = "\x00none"  # a point code no store holds: an empty scope must filter everything out
FILTER_DIMENSIONS = ("nationality", "sex", "age_group", "direction", "reason")
BREAKDOWNS = ("sex", "age_group", "nationality", "reason", "direction", "mode")
DEFAULT_DAYS = 56


def threshold() -> int:
    return getattr(settings, "SUPPRESSION_THRESHOLD", 5)


def masked_label() -> str:
    return f"< {threshold()}"


def _require(user, permission: str = "flows.view") -> None:
    if not has_permission(user, permission):
        raise PermissionDenied(_("Your role does not include flow monitoring."))


# -- records ----------------------------------------------------------------------------------

def point_list(*, user, country: str = "", admin_area: str = "") -> QuerySet[MonitoringPoint]:
    _require(user)
    points = policies.points_visible_to(user).select_related("office", "admin_area")
    if country:
        points = points.filter(admin_area__country=country.upper())
    if admin_area:
        points = points.filter(admin_area__pcode__startswith=admin_area.upper())
    return points


def point_get_for_user(*, user, point_id: int) -> MonitoringPoint:
    point = (policies.points_visible_to(user).select_related("office", "admin_area")
             .filter(pk=point_id).first())
    if point is None:
        raise NotFound(_("No such monitoring point"))
    return point


def import_list(*, user) -> QuerySet[ImportBatch]:
    _require(user)
    return policies.imports_visible_to(user).select_related("office", "created_by")


def import_get_for_user(*, user, batch_id: int, lock: bool = False) -> ImportBatch:
    """An import in the user's scope (the one fetch-and-authorise helper); `lock`: its row
    locked for a decision on it."""
    visible = policies.imports_visible_to(user).select_related("office", "created_by")
    if lock:
        visible = visible.select_for_update(of=("self",))
    return get_in_scope(visible, batch_id, _("No such import"))


def alert_list(*, user, open_only: bool = False) -> QuerySet[SurgeAlert]:
    _require(user)
    alerts = policies.alerts_visible_to(user).select_related("point", "point__office")
    return alerts.filter(acknowledged_at__isnull=True) if open_only else alerts


def alert_open_count(*, user) -> int:
    """The badge: alerts not yet acknowledged at points of the user's offices."""
    if not has_permission(user, "flows.view"):
        return 0
    return policies.alerts_visible_to(user).filter(acknowledged_at__isnull=True).count()


def event_list(*, user) -> QuerySet[DisplacementEvent]:
    _require(user)
    return policies.events_visible_to(user).select_related("office", "admin_area")


def event_get_for_user(*, user, event_id: int) -> DisplacementEvent:
    event = event_list(user=user).filter(pk=event_id).first()
    if event is None:
        raise NotFound(_("No such event"))
    return event


# -- analytics --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FlowQuery:
    """What a page or API call asks for; every field optional."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str = ""  # ISO3
    admin_area: str = ""  # P-code (an area and everything inside it)
    point_id: int | None = None
    nationality: str = ""
    sex: str = ""
    age_group: str = ""
    direction: str = ""
    reason: str = ""

    def with_default_period(self) -> FlowQuery:
        if self.date_from or self.date_to:
            return self
        today = timezone.localdate()
        return replace(self, date_from=today - dt.timedelta(days=DEFAULT_DAYS - 1), date_to=today)


@dataclass
class Scope:
    """The query turned into engine filters, within the user's reach."""

    counts: FlowFilter
    assessments: FlowFilter
    points: list[MonitoringPoint] = field(default_factory=list)
    point: MonitoringPoint | None = None
    area: AdminArea | None = None


def scope_for(*, user, query: FlowQuery) -> Scope:
    _require(user)
    points = point_list(user=user, country=query.country,
                        admin_area=query.admin_area).order_by("code")
    point = None
    if query.point_id is not None:
        point = point_get_for_user(user=user, point_id=query.point_id)
        points = points.filter(pk=point.pk)
    point_list_ = list(points)
    codes = tuple(p.code for p in point_list_) or (NOTHING,)
    values = {d: (getattr(query, d),) for d in FILTER_DIMENSIONS if getattr(query, d)}
    try:
        counts = FlowFilter(date_from=query.date_from, date_to=query.date_to, point=codes, **values)
    except FlowQueryError as error:  # e.g. a period that ends before it starts
        raise ValidationFailed([{"field": "date_to", "message": str(error)}]) from error
    visible = policies.countries_visible_to(user)
    area = None
    if query.admin_area:
        area = AdminArea.objects.filter(pcode=query.admin_area.upper()).first()
        if area is None or area.country not in visible:
            raise NotFound(_("No such area"))
    if query.country and query.country.upper() not in visible:
        raise NotFound(_("No such country"))
    countries = {query.country.upper()} if query.country else visible
    prefixes = (area.pcode,) if area else tuple(
        AdminArea.objects.filter(level=0, country__in=countries).values_list("pcode", flat=True))
    assessments = FlowFilter(admin_area=prefixes or (NOTHING,),
                             **({"sex": (query.sex,)} if query.sex else {}),
                             **({"age_group": (query.age_group,)} if query.age_group else {}),
                             **({"reason": (query.reason,)} if query.reason else {}))
    return Scope(counts, assessments, point_list_, point, area)


# Aggregates change only when a load writes: results are kept per process, keyed by the store's
# file and how many loads it holds, and by the exact query (FlowFilter is frozen and hashable).
_RESULTS: dict[tuple, FlowResult] = {}
_RESULTS_MAX = 512


def _result(query, **arguments) -> FlowResult:
    with flow_store() as store:
        key = (str(store_path()), len(store.load_history()), query.__name__,
               tuple(sorted(arguments.items())))
        found = _RESULTS.get(key)
        if found is None:
            found = query(store, threshold=threshold(), **arguments)
            if len(_RESULTS) >= _RESULTS_MAX:
                _RESULTS.clear()
            _RESULTS[key] = found
        return found


def _signed(change: int) -> str:
    """A change with its sign ("+1 200" in French): Arabic too puts the sign before the figure."""
    return ("+" if change > 0 else "-" if change < 0 else "") + formatting.number(abs(change))


def _rows(result: FlowResult, count_field: str = "count") -> list[dict]:
    rows = result.to_pylist()
    label = masked_label()
    for row in rows:
        row["display"] = label if row["suppressed"] else formatting.number(row[count_field])
    return rows


def _area_names(codes: set[str]) -> dict[str, str]:
    """Names of the areas as people read them (a country in their language)."""
    areas = AdminArea.objects.filter(pcode__in=codes).values_list("pcode", "level", "country", "name")
    return {pcode: labels.area_name(level, country, name) for pcode, level, country, name in areas}


def series(*, scope: Scope, frequency: str = "weekly", by: str | None = None) -> list[dict]:
    rows = _rows(_result(flow_series, frequency=frequency, filters=scope.counts, by=by))
    for row in rows:
        row["change_display"] = "" if row["change"] is None else _signed(row["change"])
    return rows


def breakdown(*, scope: Scope, by: str, source: str = "counts") -> list[dict]:
    return _rows(_result(flow_breakdown, by=(by,), source=source, filters=scope.counts))


def od(*, scope: Scope) -> dict:
    """The origin-destination matrix as a grid: rows, columns, cells and totals."""
    rows = _rows(_result(od_matrix, filters=scope.counts))
    origins = sorted({r["origin"] for r in rows if r["origin"] != TOTAL})
    destinations = sorted({r["destination"] for r in rows if r["destination"] != TOTAL})
    cells = {(r["origin"], r["destination"]): r for r in rows}
    names = _area_names(set(origins) | set(destinations))
    grid = [{"code": o, "name": names.get(o, o),
             "cells": [cells.get((o, d)) for d in destinations], "total": cells.get((o, TOTAL))}
            for o in origins]
    return {"rows": rows, "grid": grid, "destinations": [(d, names.get(d, d)) for d in destinations],
            "column_totals": [cells.get((TOTAL, d)) for d in destinations],
            "total": cells.get((TOTAL, TOTAL))}


def surges(*, scope: Scope) -> list[dict]:
    return _rows(_result(surge_alerts, filters=scope.counts))


def displaced(*, scope: Scope) -> list[dict]:
    rows = _rows(_result(displaced_population, filters=scope.assessments), "individuals")
    names = _area_names({r["admin_pcode"] for r in rows})
    for row in rows:
        row["name"] = names.get(row["admin_pcode"], _("All areas") if row["admin_pcode"] == TOTAL else "")
        row["change_display"] = "" if row["change"] is None else _signed(row["change"])
    return rows


def point_totals(*, scope: Scope) -> dict[str, dict]:
    """Flow per point over the period (one suppressed one-way table)."""
    rows = breakdown(scope=scope, by="point")
    return {r["point"]: r for r in rows}
