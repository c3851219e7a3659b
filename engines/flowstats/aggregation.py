"""One grouped query over any source, with dictionary codes turned back into labels.

Grouping happens on the stored columns (integer codes for flow counts); labels are put back on
the small grouped result only, which is what keeps a 10M-row group-by fast.
"""

# ruff: noqa: S608 -- SQL names come from schema.py and validated dimensions; values are bound
# parameters, never pasted from input.

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

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
    inner, outer, coded = [], [], {}
    for number, (alias, expression) in enumerate(keys):
        column = spec.column(expression) if expression in spec.names else None
        if column is not None and column.kind in ("date", "round", "count"):
            column = None  # typed values pass through as they are
        inner.append(f"{expression} AS g{number}")
        if column is not None and column.dictionary:
            outer.append(f"g{number} AS {alias}")
            coded[alias] = column.dictionary
        elif column is not None:
            outer.append(f"coalesce(CAST(g{number} AS VARCHAR), '{UNKNOWN}') AS {alias}")
        else:
            outer.append(f"g{number} AS {alias}")
    inner += [f"{expression} AS {alias}" for alias, expression in measures.items()]
    outer += list(measures)
    sql = (
        f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {spec.table} "
        f"WHERE {where} GROUP BY ALL)"
    )
    table = store._aggregate(sql, params)
    # Codes become labels on the grouped result only (a take from the in-memory dictionary).
    for alias, dictionary in coded.items():
        labels = pa.array(store._dictionary_labels(dictionary), pa.string())
        codes = table.column(alias)
        named = pc.fill_null(pc.take(labels, codes), UNKNOWN)
        table = table.set_column(table.schema.get_field_index(alias), alias, named)
    return table
