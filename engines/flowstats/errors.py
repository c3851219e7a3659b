"""Errors the engine raises: every problem of a load at once, and bad query arguments."""

from __future__ import annotations

from dataclasses import dataclass

# How many problems the exception's message spells out; `.problems` always holds all of them.
MESSAGE_PROBLEM_LIMIT = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    `row` counts like a spreadsheet: the header is row 1, so the first data row is row 2. Arrow
    and pandas inputs are numbered the same way (their first row is row 2), so that a table
    written out to CSV gives the same numbers. `row` is None for a problem with the whole file
    (a missing column, no data rows); `field` is None when no single column is at fault.
    """

    source: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


class FlowDataError(ValueError):
    """Raised when an input fails validation; nothing has been written."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        shown = [str(p) for p in self.problems[:MESSAGE_PROBLEM_LIMIT]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more problems")
        header = (
            f"{len(self.problems)} problem(s) found, nothing was loaded "
            "(rows are numbered with the header as row 1):"
        )
        super().__init__("\n".join([header, *shown]))


class FlowQueryError(ValueError):
    """Raised for a query the engine cannot answer: an unknown filter, dimension or period."""
