"""Primary and secondary suppression, checked against an independent disclosure audit."""

from __future__ import annotations

import numpy as np
import pytest

from engines.flowstats.suppression import mask_cells, protect_two_way
from engines.flowstats.tests.reference import disclosed


def _dense(cells: dict, protected) -> tuple[list[list[int]], set[tuple[int, int]]]:
    rows = sorted({r for r, _ in cells}, key=str)
    columns = sorted({c for _, c in cells}, key=str)
    table, masked = [], set()
    for i, r in enumerate(rows):
        line = [cells.get((r, c), 0) for c in columns]
        table.append([*line, sum(line)])
        for j, c in enumerate(columns):
            if protected.is_masked("cell", r, c):
                masked.add((i, j))
        if protected.is_masked("row", r, None):
            masked.add((i, len(columns)))
    sums = [sum(table[i][j] for i in range(len(rows))) for j in range(len(columns) + 1)]
    table.append(sums)
    for j, c in enumerate(columns):
        if protected.is_masked("column", None, c):
            masked.add((len(rows), j))
    if protected.is_masked("total"):
        masked.add((len(rows), len(columns)))
    return table, masked


def test_primary_masks_exactly_the_small_cells_of_a_series():
    assert mask_cells([0, 1, 4, 5, 6, 100], 5) == [0, None, None, 5, 6, 100]


def test_a_lone_small_cell_gets_a_complement_in_its_row_and_column():
    cells = {("a", "x"): 3, ("a", "y"): 40, ("a", "z"): 50, ("b", "x"): 30, ("b", "y"): 20, ("b", "z"): 60}
    protected = protect_two_way(cells, 5)
    assert protected.cells[("a", "x")] is None
    masked_cells = [k for k, v in protected.cells.items() if v is None]
    assert sum(1 for r, _ in masked_cells if r == "a") >= 2
    assert sum(1 for _, c in masked_cells if c == "x") >= 2
    # published figures are the true ones
    for key, value in protected.cells.items():
        assert value is None or value == cells[key]
    assert protected.total == sum(cells.values())
    table, masked = _dense(cells, protected)
    assert disclosed(table, masked) == []


def test_a_row_whose_only_cell_is_small_hides_its_total_too():
    cells = {("a", "x"): 2, ("b", "x"): 30, ("b", "y"): 25}
    protected = protect_two_way(cells, 5)
    assert protected.row_totals["a"] is None
    table, masked = _dense(cells, protected)
    assert disclosed(table, masked) == []


def test_threshold_below_two_is_refused():
    with pytest.raises(ValueError):
        protect_two_way({("a", "x"): 1}, 1)


@pytest.mark.parametrize("seed", range(40))
def test_no_masked_entry_of_a_random_table_can_be_recomputed(seed):
    rng = np.random.default_rng(seed)
    rows, columns = rng.integers(1, 7), rng.integers(1, 7)
    cells = {}
    for r in range(rows):
        for c in range(columns):
            value = int(rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 40]))
            if value:
                cells[(f"r{r}", f"c{c}")] = value
    if not cells:
        return
    threshold = int(rng.integers(2, 8))
    protected = protect_two_way(cells, threshold)
    table, masked = _dense(cells, protected)
    # every small non-zero entry is masked, every published one is true
    for i, line in enumerate(table):
        for j, value in enumerate(line):
            if 0 < value < threshold:
                assert (i, j) in masked
    for key, value in protected.cells.items():
        assert value is None or value == cells[key]
    assert disclosed(table, masked) == []


def test_a_large_sparse_table_is_protected_too():
    rng = np.random.default_rng(99)
    cells = {}
    for r in range(25):
        for c in range(25):
            value = int(rng.choice([0, 0, 1, 2, 3, 5, 8, 30, 120]))
            if value:
                cells[(f"r{r:02d}", f"c{c:02d}")] = value
    protected = protect_two_way(cells, 5)
    table, masked = _dense(cells, protected)
    assert len(masked) > 100
    assert disclosed(table, masked) == []
