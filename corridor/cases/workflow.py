"""The case workflow: which state may follow which, and what each move needs.

    open → assessed → approved → in_assistance → closed
    open, assessed → rejected
    open, assessed, approved, in_assistance → closed (completed only from in_assistance)
    closed, rejected → open (a reopening; a reason is required)
"""

from __future__ import annotations

from dataclasses import dataclass

from corridor.cases.models import CaseState

S = CaseState


@dataclass(frozen=True)
class Move:
    permission: str  # cases.edit or cases.approve
    needs_reason: bool = False


MOVES: dict[tuple[str, str], Move] = {
    (S.OPEN, S.ASSESSED): Move("cases.edit"),
    (S.ASSESSED, S.APPROVED): Move("cases.approve"),
    (S.APPROVED, S.IN_ASSISTANCE): Move("cases.edit"),
    (S.OPEN, S.REJECTED): Move("cases.approve", needs_reason=True),
    (S.ASSESSED, S.REJECTED): Move("cases.approve", needs_reason=True),
    **{(state, S.CLOSED): Move("cases.edit", needs_reason=True)
       for state in (S.OPEN, S.ASSESSED, S.APPROVED, S.IN_ASSISTANCE)},
    (S.CLOSED, S.OPEN): Move("cases.edit", needs_reason=True),
    (S.REJECTED, S.OPEN): Move("cases.edit", needs_reason=True),
}


def move(from_state: str, to_state: str) -> Move | None:
    return MOVES.get((from_state, to_state))


def next_states(from_state: str) -> list[str]:
    return [to for (start, to) in MOVES if start == from_state]
