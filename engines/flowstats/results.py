"""What queries return: an Arrow table whose small cells are already masked, and its context."""

from __future__ import annotations

import io
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from engines.flowstats.suppression import Protected

# The label of a total in a dimension column ("TOTAL" is never a P-code, ISO3 or code we use).
TOTAL = "TOTAL"
# Stored empty values (an origin nobody recorded) are shown under this label.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class FlowResult:
    """An aggregate ready to publish.

    Masked cells have `count` None and `suppressed` True; `threshold` is the rule that was
    applied and `masked_cells` how many cells it hid (primary and secondary together: telling
    them apart would say which masked cells are under the threshold).
    """

    kind: str
    table: pa.Table
    threshold: int
    masked_cells: int

    def to_csv(self) -> str:
        buffer = io.BytesIO()
        pacsv.write_csv(self.table, buffer)
        return buffer.getvalue().decode("utf-8")

    def write_csv(self, path: str | Path) -> None:
        pacsv.write_csv(self.table, str(path))

    def to_pylist(self) -> list[dict]:
        return self.table.to_pylist()


def label(value: Hashable) -> str:
    return UNKNOWN if value is None else str(value)


def _order(value: Hashable) -> tuple[int, int, str]:
    """Numbers in number order (round 2 before round 10), then text."""
    text = str(value)
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def two_way_table(
    protected: Protected, row_name: str, column_name: str, *, include_cells: bool = True
) -> pa.Table:
    """Long form: one row per cell, then row totals, column totals and the grand total."""
    rows: list[tuple[str, str, int | None, bool]] = []
    if include_cells:
        for (r, c), value in sorted(
            protected.cells.items(), key=lambda kv: (_order(kv[0][0]), _order(kv[0][1]))
        ):
            rows.append((label(r), label(c), value, protected.is_masked("cell", r, c)))
    for r, value in sorted(protected.row_totals.items(), key=lambda kv: _order(kv[0])):
        rows.append((label(r), TOTAL, value, protected.is_masked("row", r, None)))
    for c, value in sorted(protected.column_totals.items(), key=lambda kv: _order(kv[0])):
        rows.append((TOTAL, label(c), value, protected.is_masked("column", None, c)))
    rows.append((TOTAL, TOTAL, protected.total, protected.is_masked("total")))
    return pa.table(
        {
            row_name: pa.array([r[0] for r in rows], pa.string()),
            column_name: pa.array([r[1] for r in rows], pa.string()),
            "count": pa.array([r[2] for r in rows], pa.int64()),
            "suppressed": pa.array([r[3] for r in rows], pa.bool_()),
        }
    )


def one_way_table(protected: Protected, name: str) -> pa.Table:
    """One row per category, then TOTAL; `protected` was built with a single column."""
    rows: list[tuple[str, int | None, bool]] = []
    for (r, c), value in sorted(protected.cells.items(), key=lambda kv: _order(kv[0][0])):
        rows.append((label(r), value, protected.is_masked("cell", r, c)))
    rows.append((TOTAL, protected.total, protected.is_masked("total")))
    return pa.table(
        {
            name: pa.array([r[0] for r in rows], pa.string()),
            "count": pa.array([r[1] for r in rows], pa.int64()),
            "suppressed": pa.array([r[2] for r in rows], pa.bool_()),
        }
    )
