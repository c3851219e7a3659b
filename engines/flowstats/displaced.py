"""Displaced population per admin area across assessment rounds, with change between rounds."""

from __future__ import annotations

import pyarrow as pa

from engines.flowstats.aggregation import aggregate
from engines.flowstats.filters import FlowFilter
from engines.flowstats.results import TOTAL, FlowResult
from engines.flowstats.store import FlowStore
from engines.flowstats.suppression import DEFAULT_THRESHOLD, check_threshold, protect_two_way


def displaced_population(
    store: FlowStore,
    *,
    filters: FlowFilter | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> FlowResult:
    """People present per admin area, population type and round, from baseline assessments.

    Each (round, population type) is published as a one-way table of areas with its TOTAL, so it
    gets secondary suppression. `change` compares with the previous round that assessed the same
    area and population type; it is empty when either value is masked or the area was not
    assessed in the previous round.
    """
    check_threshold(threshold)
    table = aggregate(
        store,
        "assessments",
        keys=[
            ("round", "CAST(round AS INTEGER)"),
            ("population_type", "population_type"),
            ("admin_pcode", "admin_pcode"),
        ],
        measures={"n": "sum(individuals)"},
        filters=filters or FlowFilter(),
        extra_where="assessment_type = 'baseline'",
    )
    groups: dict[tuple[int, str], dict[tuple[str, str], int]] = {}
    for r in table.to_pylist():
        key = (r["round"], r["population_type"])
        groups.setdefault(key, {})[(r["admin_pcode"], "all")] = int(r["n"])
    published: dict[tuple[int, str, str], tuple[int | None, bool]] = {}
    for (round_number, population), cells in groups.items():
        protected = protect_two_way(cells, threshold)
        for (area, _), value in protected.cells.items():
            masked = protected.is_masked("cell", area, "all")
            published[(round_number, population, area)] = (value, masked)
        published[(round_number, population, TOTAL)] = (
            protected.total,
            protected.is_masked("total"),
        )
    rounds = sorted({key[0] for key in published})
    rows = []
    for round_number, population, area in sorted(published, key=lambda k: (k[1], k[2] == TOTAL, k[2], k[0])):
        value, masked = published[(round_number, population, area)]
        earlier = [r for r in rounds if r < round_number and (r, population, area) in published]
        previous_round = earlier[-1] if earlier else None
        before = published[(previous_round, population, area)][0] if previous_round else None
        change = value - before if value is not None and before is not None else None
        rows.append(
            {
                "admin_pcode": area,
                "population_type": population,
                "round": round_number,
                "individuals": value,
                "suppressed": masked,
                "previous_round": previous_round,
                "previous_individuals": before,
                "change": change,
            }
        )
    schema = pa.schema(
        [
            ("admin_pcode", pa.string()),
            ("population_type", pa.string()),
            ("round", pa.int32()),
            ("individuals", pa.int64()),
            ("suppressed", pa.bool_()),
            ("previous_round", pa.int32()),
            ("previous_individuals", pa.int64()),
            ("change", pa.int64()),
        ]
    )
    result = pa.Table.from_pylist(rows, schema=schema)
    return FlowResult("displaced", result, threshold, sum(1 for r in rows if r["suppressed"]))
