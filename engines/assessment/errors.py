"""Problems with an input, and the error that carries every one of them at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    `source` is a file as the user named it, or an option such as `--floor`. `row` counts like a
    spreadsheet (the header is row 1, the first data row is row 2) so the user finds the cell;
    it is None for a problem with the whole file or option. `field` is the column at fault.
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
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}"


class ScaleError(ValueError):
    """Raised when the inputs cannot give a scale; `.problems` lists every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
