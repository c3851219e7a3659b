"""Flow and displacement analytics on DuckDB (Displacement Tracking Matrix method).

A library with no Django in it: the app hands records over as CSV files, Arrow tables or pandas
DataFrames and gets suppressed aggregates back as `FlowResult` (an Arrow table and its context).

    store = FlowStore("flows.duckdb")                      # or FlowStore() in memory
    store.load_counts("counts.csv", gazetteer=Gazetteer.from_csv("admin.csv"))
    od_matrix(store, filters=FlowFilter(nationality=("AFG",), date_from=..., date_to=...))
    flow_series(store, frequency="monthly", filters=...)
    surge_alerts(store, window=28, k=3.0)
    displaced_population(store)
    flow_breakdown(store, by=("sex", "age_group"))
"""

from engines.flowstats.breakdowns import flow_breakdown, od_matrix
from engines.flowstats.displaced import displaced_population
from engines.flowstats.errors import FlowDataError, FlowQueryError, Problem
from engines.flowstats.filters import FlowFilter
from engines.flowstats.gazetteer import Gazetteer
from engines.flowstats.results import TOTAL, UNKNOWN, FlowResult
from engines.flowstats.series import flow_series
from engines.flowstats.store import FlowStore, LoadReport
from engines.flowstats.suppression import DEFAULT_THRESHOLD
from engines.flowstats.surges import surge_alerts

__all__ = [
    "DEFAULT_THRESHOLD",
    "TOTAL",
    "UNKNOWN",
    "FlowDataError",
    "FlowFilter",
    "FlowQueryError",
    "FlowResult",
    "FlowStore",
    "Gazetteer",
    "LoadReport",
    "Problem",
    "displaced_population",
    "flow_breakdown",
    "flow_series",
    "od_matrix",
    "surge_alerts",
]
