"""Origin-destination matrices and breakdowns by one or two dimensions, with their totals."""

from __future__ import annotations

from collections.abc import Sequence

from engines.flowstats.aggregation import aggregate
from engines.flowstats.errors import FlowQueryError
from engines.flowstats.filters import FlowFilter
from engines.flowstats.results import FlowResult, one_way_table, two_way_table
from engines.flowstats.store import FlowStore
from engines.flowstats.suppression import DEFAULT_THRESHOLD, check_threshold, protect_two_way

_MOVEMENT_DIMENSIONS = (
    "point",
    "direction",
    "nationality",
    "sex",
    "age_group",
    "mode",
    "reason",
    "origin",
    "destination",
)
DIMENSIONS = {
    "counts": _MOVEMENT_DIMENSIONS,
    "surveys": _MOVEMENT_DIMENSIONS,
    "assessments": (
        "round",
        "assessment_type",
        "admin_pcode",
        "site_id",
        "population_type",
        "origin_pcode",
        "reason",
        "period",
        "sex",
        "age_group",
    ),
}
# What is counted: people crossing (counts), respondents (surveys), people present (assessments).
MEASURES = {"counts": "sum(count)", "surveys": "count(*)", "assessments": "sum(individuals)"}
TABLES = {"counts": "flow_counts", "surveys": "flow_surveys", "assessments": "assessments"}


def _grouped(
    store: FlowStore, source: str, by: Sequence[str], filters: FlowFilter
) -> dict[tuple[str, str], int]:
    if source not in TABLES:
        raise FlowQueryError(f"unknown source {source!r}; expected one of {', '.join(TABLES)}")
    for dimension in by:
        if dimension not in DIMENSIONS[source]:
            raise FlowQueryError(
                f"cannot break {source} down by {dimension!r}; choose from {', '.join(DIMENSIONS[source])}"
            )
    table = aggregate(
        store,
        source,
        keys=[(f"k{i}", d) for i, d in enumerate(by)],
        measures={"n": MEASURES[source]},
        filters=filters,
    )
    columns = [table.column(f"k{i}").to_pylist() for i in range(len(by))]
    counts = table.column("n").to_pylist()
    if len(by) == 1:
        return {(k, "all"): int(n) for k, n in zip(columns[0], counts, strict=True)}
    return {(a, b): int(n) for a, b, n in zip(columns[0], columns[1], counts, strict=True)}


def flow_breakdown(
    store: FlowStore,
    *,
    by: Sequence[str],
    source: str = "counts",
    filters: FlowFilter | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> FlowResult:
    """Counts by one dimension (with a TOTAL row) or two (with row, column and grand totals)."""
    check_threshold(threshold)
    by = tuple(by)
    if len(by) not in (1, 2) or len(set(by)) != len(by):
        raise FlowQueryError("break down by one dimension or two different ones")
    cells = _grouped(store, source, by, filters or FlowFilter())
    protected = protect_two_way(cells, threshold)
    one_way = len(by) == 1
    table = one_way_table(protected, by[0]) if one_way else two_way_table(protected, *by)
    masked = sum(table.column("suppressed").to_pylist())
    return FlowResult(f"breakdown:{source}:{','.join(by)}", table, threshold, masked)


def od_matrix(
    store: FlowStore,
    *,
    filters: FlowFilter | None = None,
    source: str = "counts",
    threshold: int = DEFAULT_THRESHOLD,
) -> FlowResult:
    """Origin x destination (admin-area P-codes) with origin, destination and grand totals."""
    if source not in ("counts", "surveys"):
        raise FlowQueryError("an origin-destination matrix is built from counts or surveys")
    result = flow_breakdown(
        store, by=("origin", "destination"), source=source, filters=filters, threshold=threshold
    )
    return FlowResult(f"od:{source}", result.table, result.threshold, result.masked_cells)
