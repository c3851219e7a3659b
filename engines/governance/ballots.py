"""Who may vote, and the checks every ballot passes before it is counted or excluded.

Codes are compared exactly as written (`FRA` and `fra` are two codes): the secretariat's lists
come from one register, and guessing that two spellings are one member could count a ballot
twice. `present` may name observers and other non-members (they attend without a vote): they
are not counted anywhere, and only a ballot of theirs is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from engines.governance.errors import Problem
from engines.governance.rules import QUORUM, Threshold

YES, NO, ABSTAIN = "yes", "no", "abstain"


@dataclass(frozen=True)
class Ballot:
    member: str
    vote: str
    # Its place in its list counted from 1, as the input gave it (ballots the reader could not
    # read are left out, so the position in the tuple may differ); None: the position.
    number: int | None = None


@dataclass(frozen=True)
class Exclusion:
    """A ballot of a member whose vote is suspended: not counted, with the reason shown."""

    member: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"member": self.member, "reason": self.reason}


@dataclass(frozen=True)
class Electorate:
    """The members, whose votes are suspended and why, and who is present."""

    members: tuple[str, ...]
    suspended: Mapping[str, str]
    present: tuple[str, ...]

    @property
    def entitled(self) -> frozenset[str]:
        """The members with voting rights. A suspension of a code that is not a member changes
        nothing: it takes no one's vote away."""
        return frozenset(self.members) - frozenset(self.suspended)

    @property
    def present_entitled(self) -> frozenset[str]:
        """The present members with voting rights: the only ones the quorum counts."""
        return self.entitled & frozenset(self.present)

    def quorum(self, rule: Threshold = QUORUM) -> bool:
        """Whether enough members with voting rights are present (none at all: no quorum)."""
        return bool(self.entitled) and rule.met(len(self.present_entitled), len(self.entitled))


def _twice(codes: tuple[str, ...], field: str) -> list[Problem]:
    seen: set[str] = set()
    found = []
    for code in codes:
        if code in seen:
            found.append(Problem((field,), f"names {code!r} twice"))
        seen.add(code)
    return found


def electorate_problems(electorate: Electorate) -> list[Problem]:
    """A code listed twice among the members would count twice in the quorum's denominator (and
    twice among the present, in its numerator): refused rather than guessed."""
    found = [Problem(("members",), "a member's code is empty")] if "" in electorate.members else []
    return found + _twice(electorate.members, "members") + _twice(electorate.present, "present")


def ballot_where(ballot: Ballot, position: int, prefix: tuple[str, ...] = ()) -> tuple[str, ...]:
    return (*prefix, f"ballot {ballot.number or position}", f"member {ballot.member!r}")


def check_ballots(
    ballots: Iterable[Ballot],
    electorate: Electorate,
    vote_problem: Callable[[str], str | None],
    prefix: tuple[str, ...] = (),
) -> tuple[list[Problem], list[Ballot], list[Exclusion]]:
    """(problems, ballots to count, ballots excluded) for one list of ballots.

    A ballot with any problem is refused, with every problem it has; a valid ballot of a member
    whose vote is suspended is excluded, not refused (the member may sit and may try to vote: the
    result shows why the ballot did not count). `vote_problem` says what is wrong with a vote, or
    None.
    """
    members, present = frozenset(electorate.members), frozenset(electorate.present)
    problems: list[Problem] = []
    counted: list[Ballot] = []
    excluded: list[Exclusion] = []
    first: dict[str, int] = {}
    for position, ballot in enumerate(ballots, start=1):
        where = ballot_where(ballot, position, prefix)
        number = ballot.number or position
        mine: list[str] = []
        if ballot.member not in members:
            mine.append("is not a member")
        elif ballot.member not in present:
            mine.append("is not present")
        if ballot.member in first:
            mine.append(f"has already voted (ballot {first[ballot.member]})")
        else:
            first[ballot.member] = number
        why = vote_problem(ballot.vote)
        if why is not None:
            mine.append(why)
        if mine:
            problems.extend(Problem(where, message) for message in mine)
        elif ballot.member in electorate.suspended:
            excluded.append(Exclusion(ballot.member, electorate.suspended[ballot.member]))
        else:
            counted.append(ballot)
    return problems, counted, excluded
