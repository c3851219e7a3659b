"""Public aggregates for the portal: no sign-in, nothing personal, every small cell suppressed.

The portal may not import any app that holds personal data (import-linter), so this module
imports neither the scoped selectors nor corridor.access: only the engine, the store, the
gazetteer and the flows labels. It publishes country totals per month and the displaced
population per area.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from corridor.flows import labels
from corridor.flows.models import MonitoringPoint
from corridor.flows.store import flow_store
from corridor.geo.countries import country_name
from corridor.geo.models import AdminArea
from engines.flowstats import TOTAL, FlowFilter, displaced_population, flow_series


@dataclass(frozen=True)
class PublicFlows:
    months: list[dt.date]
    countries: list[dict]  # {"country", "name", "cells": [{"display", "suppressed"}...]}
    displaced: list[dict]  # latest round per area: {"pcode", "name", "population_type", "display"}
    round: int | None


def _threshold() -> int:
    return getattr(settings, "SUPPRESSION_THRESHOLD", 5)


def _display(count: int | None, suppressed: bool) -> str:
    return f"< {_threshold()}" if suppressed else f"{count:,}"


def public_flows(*, months: int = 6) -> PublicFlows:
    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    by_country: dict[str, list[str]] = {}
    for code, country in MonitoringPoint.objects.values_list("code", "admin_area__country"):
        by_country.setdefault(country, []).append(code)
    countries, starts = [], []
    with flow_store() as store:
        for country in sorted(by_country):
            result = flow_series(store, frequency="monthly", threshold=_threshold(),
                                 filters=FlowFilter(date_from=first, date_to=today,
                                                    point=tuple(by_country[country])))
            rows = result.to_pylist()
            starts = [r["period"] for r in rows]
            countries.append({"country": country, "name": country_name(country),
                              "cells": [{"display": _display(r["count"], r["suppressed"]),
                                         "suppressed": r["suppressed"]} for r in rows]})
        displaced = displaced_population(store, threshold=_threshold()).to_pylist()
    latest = max((r["round"] for r in displaced), default=None)
    latest_rows = [r for r in displaced if r["round"] == latest and r["admin_pcode"] != TOTAL]
    # The gazetteer is read for the areas the page shows, not all of it.
    areas = AdminArea.objects.filter(pcode__in={r["admin_pcode"] for r in latest_rows})
    area_names = {pcode: labels.area_name(level, country, name)
                  for pcode, level, country, name in areas.values_list("pcode", "level", "country", "name")}
    shown = [{"pcode": r["admin_pcode"], "name": area_names.get(r["admin_pcode"], ""),
              "population_type": r["population_type"], "suppressed": r["suppressed"],
              "display": _display(r["individuals"], r["suppressed"])} for r in latest_rows]
    return PublicFlows(starts, countries, shown, latest)
