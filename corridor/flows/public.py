"""Public aggregates for the portal: no sign-in, nothing personal, every small cell suppressed.

The portal may not import any app that holds personal data (import-linter), so this module
imports neither the scoped selectors nor corridor.access: only the engine, the store, the
gazetteer and the flows labels. It computes country totals per month and the displaced
population per area from the published store when a reviewer publishes (`figures_of`), and the
page shows the latest publication (`public_flows`), never the working store (ADR 0032).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from corridor.core import formatting
from corridor.flows import labels
from corridor.flows.models import FlowPublication, MonitoringPoint
from corridor.geo.countries import country_name
from corridor.geo.models import AdminArea
from engines.flowstats import TOTAL, FlowFilter, FlowStore, displaced_population, flow_series


@dataclass(frozen=True)
class PublicFlows:
    months: list[dt.date]
    countries: list[dict]  # {"country", "name", "cells": [{"display", "suppressed"}...]}
    displaced: list[dict]  # latest round per area: {"pcode", "name", "population_type", "display"}
    round: int | None
    published_at: dt.datetime | None = None


def _threshold() -> int:
    return getattr(settings, "SUPPRESSION_THRESHOLD", 5)


def display(count: int | None, suppressed: bool, threshold: int) -> str:
    return f"< {threshold}" if suppressed else formatting.number(count)


def figures_of(store: FlowStore, *, months: int = 6) -> dict:
    """What the public page would show from `store`, as JSON: counts under the threshold are not
    kept at all (None), only that they were withheld. Names are added when shown, in the
    reader's language."""
    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    by_country: dict[str, list[str]] = {}
    for code, country in MonitoringPoint.objects.values_list("code", "admin_area__country"):
        by_country.setdefault(country, []).append(code)
    countries, starts = [], []
    for country in sorted(by_country):
        result = flow_series(store, frequency="monthly", threshold=_threshold(),
                             filters=FlowFilter(date_from=first, date_to=today,
                                                point=tuple(by_country[country])))
        rows = result.to_pylist()
        starts = [r["period"].isoformat() for r in rows]
        countries.append({"country": country,
                          "cells": [{"count": None if r["suppressed"] else r["count"],
                                     "suppressed": bool(r["suppressed"])} for r in rows]})
    displaced = displaced_population(store, threshold=_threshold()).to_pylist()
    latest = max((r["round"] for r in displaced), default=None)
    shown = [{"pcode": r["admin_pcode"], "population_type": r["population_type"],
              "suppressed": bool(r["suppressed"]),
              "individuals": None if r["suppressed"] else r["individuals"]}
             for r in displaced if r["round"] == latest and r["admin_pcode"] != TOTAL]
    return {"threshold": _threshold(), "months": starts, "countries": countries,
            "displaced": shown, "round": latest}


def shown(figures: dict | None, *, published_at: dt.datetime | None = None) -> PublicFlows:
    """Figures as the page prints them: names in the reader's language, small cells as a range."""
    if not figures:
        return PublicFlows([], [], [], None, published_at)
    threshold = figures["threshold"]
    countries = [{"country": row["country"], "name": country_name(row["country"]),
                  "cells": [{"display": display(c["count"], c["suppressed"], threshold),
                             "suppressed": c["suppressed"]} for c in row["cells"]]}
                 for row in figures["countries"]]
    # The gazetteer is read for the areas the page shows, not all of it.
    areas = AdminArea.objects.filter(pcode__in={r["pcode"] for r in figures["displaced"]})
    area_names = {pcode: labels.area_name(level, country, name)
                  for pcode, level, country, name in areas.values_list("pcode", "level", "country", "name")}
    rows = [{**r, "name": area_names.get(r["pcode"], ""),
             "display": display(r["individuals"], r["suppressed"], threshold)}
            for r in figures["displaced"]]
    return PublicFlows([dt.date.fromisoformat(m) for m in figures["months"]], countries, rows,
                       figures["round"], published_at)


def public_flows() -> PublicFlows:
    """The latest publication: what a reviewer last published stays until the next one."""
    latest = FlowPublication.objects.only("figures", "published_at").first()
    if latest is None:
        return shown(None)
    return shown(latest.figures, published_at=latest.published_at)
