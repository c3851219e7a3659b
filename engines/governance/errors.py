"""Problems with a vote's input, and the error that carries every one of them at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    `where` names the place from the outside in — a field (`majority`), a round (`round 2`), a
    ballot counted from 1 in its list (`ballot 3`), the member who cast it (`member 'FRA'`) — so
    that the secretariat finds it in the file; it is empty for a problem with the whole input.
    """

    where: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        if not self.where:
            return self.message
        return f"{', '.join(self.where)}: {self.message}"


class VoteRefused(ValueError):
    """Raised when a vote or election cannot be counted; `.problems` lists every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RuleSetError(ValueError):
    """Raised when a rule set cannot be used; `.problems` lists every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
