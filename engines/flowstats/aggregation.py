"""One grouped query over any source, with dictionary codes turned back into labels.

Grouping happens on the stored columns (integer codes for flow counts); labels are joined on
the small grouped result only, which is what keeps a 10M-row group-by fast.
"""

# ruff: noqa: S608 -- SQL names come from schema.py and validated dimensions; values are bound
# parameters, never pasted from input.

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from engines.flowstats.filters import FlowFilter
from engines.flowstats.results import UNKNOWN
from engines.flowstats.schema import SPECS
from engines.flowstats.store import FlowStore


def aggregate(
    store: FlowStore,
    source: str,
    *,
    keys: Sequence[tuple[str, str]],
    measures: dict[str, str],
    filters: FlowFilter,
    extra_where: str = "",
    extra_params: Sequence[Any] = (),
) -> pa.Table:
    """Group `source` by `keys` ((alias, stored column or SQL expression) pairs).

    A stored dimension column comes back as text, empty values as "unknown".
    """
    spec = SPECS[source]
    where, params = filters.where(source, codes=store._codes)
    if extra_where:
        where = f"{where} AND {extra_where}"
        params = [*params, *extra_params]
    inner, outer, joins = [], [], []
    for number, (alias, expression) in enumerate(keys):
        column = spec.column(expression) if expression in spec.names else None
        if column is not None and column.kind in ("date", "round", "count"):
            column = None  # typed values pass through as they are
        inner.append(f"{expression} AS g{number}")
        if column is not None and column.dictionary:
            label = f"l{number}"
            joins.append(
                f"LEFT JOIN dimension_values {label} ON {label}.dictionary = "
                f"'{column.dictionary}' AND {label}.code = g.g{number}"
            )
            outer.append(f"coalesce({label}.value, '{UNKNOWN}') AS {alias}")
        elif column is not None:
            outer.append(f"coalesce(CAST(g.g{number} AS VARCHAR), '{UNKNOWN}') AS {alias}")
        else:
            outer.append(f"g.g{number} AS {alias}")
    inner += [f"{expression} AS {alias}" for alias, expression in measures.items()]
    outer += [f"g.{alias}" for alias in measures]
    sql = (
        f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {spec.table} "
        f"WHERE {where} GROUP BY ALL) g {' '.join(joins)}"
    )
    return store._aggregate(sql, params)
