"""The planner's contract: frozen dataclasses in (`Problem`) and out (`Plan`), nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Traveller:
    id: str
    household: str
    priority: int  # 1..5, 5 is the most urgent
    origin: str
    destination: str
    ready: dt.date
    wheelchair: bool = False
    needs_escort: bool = False


@dataclass(frozen=True, slots=True)
class Transport:
    id: str
    origin: str
    destination: str
    departure: dt.date
    seats: int
    wheelchair_places: int = 0
    escort_places: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    travellers: tuple[Traveller, ...]
    transports: tuple[Transport, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """A feasible plan and what is known about it.

    `assignments` maps traveller id to transport id for the travellers who travel; travellers left
    behind are absent. `upper_bound` is a proven bound on the best achievable `priority_total`, so
    `priority_total / upper_bound` is a guaranteed quality ratio.
    """

    assignments: Mapping[str, str]
    priority_total: int
    waiting_days: int
    upper_bound: int
    method: str = "cpsat"
    # How the plan was obtained, per corridor (solver status, phases); for logs, not for logic.
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        """The CLI's output document (the issue's contract: exactly these four keys)."""
        return {
            "assignments": dict(sorted(self.assignments.items())),
            "priority_total": self.priority_total,
            "waiting_days": self.waiting_days,
            "upper_bound": self.upper_bound,
        }
