"""`elect(election)`: a single-seat election over repeated ballots.

Each round is counted among the candidates still standing; a candidate with at least the
required majority of that round's votes cast (abstentions are not votes cast) is elected and
counting stops. When a round from the third on elects nobody and more than two candidates
stand, the one with the fewest votes is eliminated before the next round; when several tie for
fewest none is, and they are named in `tied_lowest`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engines.governance.ballots import (
    ABSTAIN,
    Ballot,
    Electorate,
    Exclusion,
    check_ballots,
    electorate_problems,
)
from engines.governance.errors import Problem, VoteRefused
from engines.governance.rules import Majority

# Rounds 1 and 2 are open to every candidate; elimination starts after the third.
FIRST_ELIMINATING_ROUND = 3


@dataclass(frozen=True)
class Election:
    members: tuple[str, ...]
    suspended: Mapping[str, str]
    present: tuple[str, ...]
    majority: Majority
    candidates: tuple[str, ...]
    rounds: tuple[tuple[Ballot, ...], ...]
    seats: int = 1

    @property
    def electorate(self) -> Electorate:
        return Electorate(self.members, self.suspended, self.present)


@dataclass(frozen=True)
class Round:
    round: int
    counts: dict[str, int]  # the candidates standing in this round, in the candidates' order
    votes_cast: int
    required: int
    elected: str | None
    eliminated_after: str | None
    tied_lowest: tuple[str, ...] = ()
    # Kept for the app's pages, not printed by the command (the contract names its keys).
    abstentions: int = 0
    excluded: tuple[Exclusion, ...] = ()

    def to_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "round": self.round,
            "counts": dict(self.counts),
            "votes_cast": self.votes_cast,
            "required": self.required,
            "elected": self.elected,
            "eliminated_after": self.eliminated_after,
        }
        if self.tied_lowest:  # only in a round where an elimination was due and a tie stopped it
            shown["tied_lowest"] = list(self.tied_lowest)
        return shown


@dataclass(frozen=True)
class ElectionResult:
    rounds: tuple[Round, ...]
    elected: str | None
    standing: tuple[str, ...]  # after the last round: who would stand in the next one

    def to_json(self) -> dict[str, Any]:
        return {"rounds": [r.to_json() for r in self.rounds], "elected": self.elected}


def _candidate_problems(election: Election) -> list[Problem]:
    found = []
    if isinstance(election.seats, bool) or election.seats != 1:
        found.append(Problem(("seats",), f"{election.seats!r}: only single-seat elections are counted (1)"))
    if not election.candidates:
        found.append(Problem(("candidates",), "names no candidate"))
    seen: set[str] = set()
    for name in election.candidates:
        if name in seen:
            found.append(Problem(("candidates",), f"names {name!r} twice"))
        if name == ABSTAIN or not name.strip():
            found.append(Problem(("candidates",), f"{name!r} cannot be a candidate's name"))
        seen.add(name)
    return found


def _counted(index: int, standing: list[str], ballots: list[Ballot], majority: Majority,
             abstentions: int, excluded: list[Exclusion]) -> Round:
    counts = dict.fromkeys(standing, 0)
    for ballot in ballots:
        if ballot.vote != ABSTAIN:
            counts[ballot.vote] += 1
    votes_cast = sum(counts.values())
    required = majority.required(votes_cast)
    # With no vote cast nobody is elected: 0 would be "at least two thirds" of 0 for everyone.
    elected = next((c for c in standing if votes_cast >= 1 and counts[c] >= required), None)
    eliminated, tied = None, ()
    if elected is None and index >= FIRST_ELIMINATING_ROUND and len(standing) > 2:
        fewest = min(counts.values())
        lowest = tuple(c for c in standing if counts[c] == fewest)
        if len(lowest) == 1:
            eliminated = lowest[0]
        else:
            tied = lowest
    return Round(index, counts, votes_cast, required, elected, eliminated, tied, abstentions,
                 tuple(excluded))


def count_election(election: Election) -> tuple[ElectionResult, list[Problem]]:
    """The result as far as the valid ballots give it, and every problem found (the app shows
    the problems; `elect` refuses when there is any)."""
    problems = electorate_problems(election.electorate) + election.majority.problems(("majority",))
    problems += _candidate_problems(election)
    standing = list(dict.fromkeys(election.candidates))
    eliminated: dict[str, int] = {}
    rounds: list[Round] = []
    elected: tuple[str, int] | None = None

    def vote_problem(vote: str) -> str | None:
        if vote == ABSTAIN or vote in standing:
            return None
        if vote in eliminated:
            return f"votes for {vote!r}, eliminated after round {eliminated[vote]}"
        return f"votes for {vote!r}, who is not a candidate"

    for index, ballots in enumerate(election.rounds, start=1):
        prefix = (f"round {index}",)
        if elected is not None:
            problems.append(Problem(prefix, f"comes after the election: {elected[0]!r} was elected in "
                                            f"round {elected[1]}"))
        found, counted, excluded = check_ballots(ballots, election.electorate, vote_problem, prefix)
        problems += found
        if elected is not None:
            continue
        abstentions = sum(1 for b in counted if b.vote == ABSTAIN)
        result = _counted(index, standing, counted, election.majority, abstentions, excluded)
        rounds.append(result)
        if result.elected is not None:
            elected = (result.elected, index)
        elif result.eliminated_after is not None:
            standing.remove(result.eliminated_after)
            eliminated[result.eliminated_after] = index
    outcome = ElectionResult(tuple(rounds), elected[0] if elected else None, tuple(standing))
    return outcome, problems


def elect(election: Election) -> ElectionResult:
    """The election's rounds and whom they elected (None: nobody yet); VoteRefused lists every
    problem (a ballot of a non-member, of a member not present, a second ballot of one member in
    a round, a vote for an eliminated or unknown candidate, a round after the election, …)."""
    result, problems = count_election(election)
    if problems:
        raise VoteRefused(problems)
    return result
