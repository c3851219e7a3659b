"""Small-cell suppression: the rule every aggregate leaving the engine goes through.

Primary suppression masks every published count from 1 to threshold - 1 (zero is published:
an empty cell says nobody was counted, which is what the monitoring point reports anyway).

Secondary suppression protects masked cells from being recomputed from the totals published
beside them. A table is a set of entries (cells and totals) and lines, each line saying
`sum(parts) = total` (a row of cells and its row total, a column and its column total, the row
totals and the grand total, ...). Two passes, repeated until neither masks anything new:

1. a line with exactly one masked entry gets a second one: its smallest unmasked non-zero part
   (the cheapest loss of information), or its total when no part is left;
2. an exact audit: with the published entries known, a masked entry is disclosed when the line
   equations fix its value (Gauss-Jordan elimination: a pivot unknown whose reduced row has
   no free unknown). Each disclosed entry makes its smallest line
   mask one more entry. The audit solves each group of masked entries linked by shared lines
   separately; a group of more than AUDIT_LIMIT entries gets pass 1 only (docs/adr/0030).

What this does not protect against: differencing across separate queries (a weekly figure minus
its published days) and bounds from non-negativity. Both are recorded in the ADR.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 5
# A threshold of 1 would publish every count; the engine refuses it.
MINIMUM_THRESHOLD = 2
AUDIT_LIMIT = 1500


def check_threshold(threshold: int) -> int:
    if not isinstance(threshold, int) or threshold < MINIMUM_THRESHOLD:
        raise ValueError(f"suppression threshold must be a whole number >= {MINIMUM_THRESHOLD}")
    return threshold


@dataclass(frozen=True)
class Line:
    parts: tuple[int, ...]
    total: int


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def protect(values: Sequence[int], lines: Sequence[Line], threshold: int) -> set[int]:
    """Indices of `values` to mask so that no masked value can be recomputed from the rest."""
    check_threshold(threshold)
    masked = {i for i, v in enumerate(values) if is_small(v, threshold)}
    if not masked:
        return masked
    lines_of: dict[int, list[int]] = {}
    for number, line in enumerate(lines):
        for entry in (*line.parts, line.total):
            lines_of.setdefault(entry, []).append(number)
    while True:
        _complete_lines(values, lines, masked)
        disclosed = _disclosed(lines, masked)
        if not disclosed:
            return masked
        added = False
        for entry in disclosed:
            for number in sorted(lines_of.get(entry, []), key=lambda n: len(lines[n].parts)):
                complement = _complement(values, lines[number], masked)
                if complement is not None:
                    masked.add(complement)
                    added = True
                    break
        if not added:  # everything that could be masked is; nothing more to do
            return masked


def _complement(values: Sequence[int], line: Line, masked: set[int]) -> int | None:
    candidates = [p for p in line.parts if p not in masked and values[p] > 0]
    if candidates:
        return min(candidates, key=lambda p: (values[p], p))
    if line.total not in masked and values[line.total] > 0:
        return line.total
    return None


def _complete_lines(values: Sequence[int], lines: Sequence[Line], masked: set[int]) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines:
            entries = (*line.parts, line.total)
            if sum(1 for e in entries if e in masked) == 1:
                complement = _complement(values, line, masked)
                if complement is not None:
                    masked.add(complement)
                    changed = True


def _disclosed(lines: Sequence[Line], masked: set[int]) -> list[int]:
    """Masked entries the published entries pin down, found component by component: masked
    entries linked through shared lines form independent systems of equations, so a large
    table is audited as many small systems. A component with more than AUDIT_LIMIT unknowns
    is skipped (pass 1 still holds for it)."""
    parent = {entry: entry for entry in masked}

    def root(entry: int) -> int:
        while parent[entry] != entry:
            parent[entry] = parent[parent[entry]]
            entry = parent[entry]
        return entry

    touched: list[tuple[list[int], int | None]] = []
    for line in lines:
        parts = [p for p in line.parts if p in masked]
        total = line.total if line.total in masked else None
        members = parts + ([total] if total is not None else [])
        if not members:
            continue
        touched.append((parts, total))
        for member in members[1:]:
            parent[root(member)] = root(members[0])
    components: dict[int, list[tuple[list[int], int | None]]] = {}
    for parts, total in touched:
        first = parts[0] if parts else total
        components.setdefault(root(first), []).append((parts, total))
    found: list[int] = []
    for equations in components.values():
        unknowns = sorted({e for parts, total in equations for e in (*parts, total) if e is not None})
        if len(unknowns) > AUDIT_LIMIT:
            continue
        column = {entry: j for j, entry in enumerate(unknowns)}
        matrix = np.zeros((len(equations), len(unknowns)))
        for i, (parts, total) in enumerate(equations):
            for part in parts:
                matrix[i, column[part]] += 1.0
            if total is not None:
                matrix[i, column[total]] -= 1.0
        found += [unknowns[j] for j in _determined_columns(matrix)]
    return found


def _determined_columns(matrix: np.ndarray, tolerance: float = 1e-9) -> list[int]:
    """Columns (unknowns) whose value the equations `matrix @ x = b` fix, by Gauss-Jordan.

    In reduced row echelon form a non-pivot unknown is free, and a pivot unknown is fixed
    exactly when its row has no entry in a free column. Plain numpy row operations: a LAPACK
    SVD would start BLAS threads, which on a busy two-core machine cost more than they save.
    """
    matrix = matrix.astype(float)
    height, width = matrix.shape
    pivots: list[int] = []
    row = 0
    for column in range(width):
        if row == height:
            break
        best = row + int(np.argmax(np.abs(matrix[row:, column])))
        if abs(matrix[best, column]) < tolerance:
            continue
        matrix[[row, best]] = matrix[[best, row]]
        matrix[row] /= matrix[row, column]
        factors = matrix[:, column].copy()
        factors[row] = 0.0
        matrix -= np.outer(factors, matrix[row])
        pivots.append(column)
        row += 1
    free = [c for c in range(width) if c not in set(pivots)]
    if not free:
        return pivots
    return [
        column for number, column in enumerate(pivots) if np.all(np.abs(matrix[number, free]) < tolerance)
    ]


# -- the two table shapes the queries publish ------------------------------------------------


@dataclass(frozen=True)
class Protected:
    """A table after suppression: published values (None when masked) and the mask."""

    cells: dict[tuple[Hashable, Hashable], int | None]
    row_totals: dict[Hashable, int | None]
    column_totals: dict[Hashable, int | None]
    total: int | None
    masked: frozenset[tuple[str, Hashable, Hashable]]

    def is_masked(self, kind: str, row: Hashable = None, column: Hashable = None) -> bool:
        return (kind, row, column) in self.masked


def protect_two_way(cells: dict[tuple[Hashable, Hashable], int], threshold: int) -> Protected:
    """Suppress a rows x columns table published with row, column and grand totals.

    A one-way table (a breakdown by one dimension and its total) is the same with one column.
    """
    keys = [k for k, v in cells.items() if v != 0]
    row_keys = sorted({r for r, _ in keys}, key=str)
    column_keys = sorted({c for _, c in keys}, key=str)
    values: list[int] = []
    labels: list[tuple[str, Hashable, Hashable]] = []

    def add(label: tuple[str, Hashable, Hashable], value: int) -> int:
        labels.append(label)
        values.append(value)
        return len(values) - 1

    cell_index = {k: add(("cell", k[0], k[1]), cells[k]) for k in keys}
    row_total = {r: add(("row", r, None), 0) for r in row_keys}
    column_total = {c: add(("column", None, c), 0) for c in column_keys}
    for (r, c), index in cell_index.items():
        values[row_total[r]] += values[index]
        values[column_total[c]] += values[index]
    grand = add(("total", None, None), sum(values[i] for i in cell_index.values()))

    lines = [
        Line(tuple(cell_index[(r, c)] for c in column_keys if (r, c) in cell_index), row_total[r])
        for r in row_keys
    ]
    lines += [
        Line(tuple(cell_index[(r, c)] for r in row_keys if (r, c) in cell_index), column_total[c])
        for c in column_keys
    ]
    lines.append(Line(tuple(row_total.values()), grand))
    lines.append(Line(tuple(column_total.values()), grand))
    masked = protect(values, lines, threshold)

    def shown(index: int) -> int | None:
        return None if index in masked else values[index]

    return Protected(
        cells={k: shown(i) for k, i in cell_index.items()},
        row_totals={r: shown(i) for r, i in row_total.items()},
        column_totals={c: shown(i) for c, i in column_total.items()},
        total=shown(grand),
        masked=frozenset(labels[i] for i in masked),
    )


def mask_cells(values: Sequence[int], threshold: int) -> list[int | None]:
    """Primary suppression alone, for tables published without totals (series, surges)."""
    check_threshold(threshold)
    return [None if is_small(v, threshold) else v for v in values]
