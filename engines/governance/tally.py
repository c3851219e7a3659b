"""`decide(vote)`: the result of one vote on a motion, from the rules and the ballots.

    quorum      more than half of the members with voting rights are present (only present
                members with voting rights count)
    votes_cast  yes + no (abstentions are not votes cast)
    required    votes_cast // 2 + 1 (simple) or ceil(2 × votes_cast / 3) (two thirds)
    adopted     quorum and votes_cast ≥ 1 and yes ≥ required
    excluded    the ballots of members whose vote is suspended, with the reason, not counted
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engines.governance.ballots import (
    ABSTAIN,
    NO,
    YES,
    Ballot,
    Electorate,
    Exclusion,
    check_ballots,
    electorate_problems,
)
from engines.governance.errors import Problem, VoteRefused
from engines.governance.rules import QUORUM, Majority, Threshold

VOTES = (YES, NO, ABSTAIN)


@dataclass(frozen=True)
class Vote:
    members: tuple[str, ...]
    suspended: Mapping[str, str]
    present: tuple[str, ...]
    majority: Majority
    ballots: tuple[Ballot, ...]
    quorum_rule: Threshold = field(default=QUORUM)

    @property
    def electorate(self) -> Electorate:
        return Electorate(self.members, self.suspended, self.present)


@dataclass(frozen=True)
class Decision:
    quorum: bool
    yes: int
    no: int
    abstentions: int
    votes_cast: int
    required: int
    adopted: bool
    excluded: tuple[Exclusion, ...]
    # Shown with the quorum, not printed by the command (the contract names its keys).
    entitled: int = 0
    present_entitled: int = 0

    def to_json(self) -> dict[str, Any]:
        """The contract's keys, in its order."""
        return {
            "quorum": self.quorum,
            "yes": self.yes,
            "no": self.no,
            "abstentions": self.abstentions,
            "votes_cast": self.votes_cast,
            "required": self.required,
            "adopted": self.adopted,
            "excluded": [e.to_json() for e in self.excluded],
        }


def vote_problem(vote: str) -> str | None:
    if vote in VOTES:
        return None
    return f"votes {vote!r}, which is not 'yes', 'no' or 'abstain'"


def vote_problems(vote: Vote) -> tuple[list[Problem], list[Ballot], list[Exclusion]]:
    """(every problem, ballots to count, ballots excluded)."""
    problems = electorate_problems(vote.electorate) + vote.majority.problems(("majority",))
    problems += vote.quorum_rule.problems(("quorum",))
    found, counted, excluded = check_ballots(vote.ballots, vote.electorate, vote_problem)
    return problems + found, counted, excluded


def _decision(electorate: Electorate, majority: Majority, quorum_rule: Threshold, yes: int, no: int,
              abstentions: int, excluded: tuple[Exclusion, ...]) -> Decision:
    votes_cast = yes + no
    required = majority.required(votes_cast)
    quorum = electorate.quorum(quorum_rule)
    return Decision(
        quorum=quorum, yes=yes, no=no, abstentions=abstentions, votes_cast=votes_cast,
        required=required, adopted=quorum and votes_cast >= 1 and yes >= required,
        excluded=excluded, entitled=len(electorate.entitled),
        present_entitled=len(electorate.present_entitled),
    )


def decide_counts(electorate: Electorate, majority: Majority, yes: int, no: int, abstentions: int,
                  quorum_rule: Threshold = QUORUM) -> Decision:
    """A show of hands: only the counts are known. Refused when a count is negative or when the
    hands outnumber the present members with voting rights (each has one)."""
    problems = electorate_problems(electorate) + majority.problems(("majority",))
    problems += quorum_rule.problems(("quorum",))
    for name, count in (("yes", yes), ("no", no), ("abstentions", abstentions)):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problems.append(Problem((name,), f"{count!r} is not a count"))
    hands, room = yes + no + abstentions, len(electorate.present_entitled)
    if not problems and hands > room:
        message = f"{hands} hands, but only {room} members with voting rights are present"
        problems.append(Problem((), message))
    if problems:
        raise VoteRefused(problems)
    return _decision(electorate, majority, quorum_rule, yes, no, abstentions, ())


def decide(vote: Vote) -> Decision:
    """The result of `vote`; VoteRefused lists every problem of its ballots (a non-member, a member
    not present, a second ballot of one member, an unknown vote)."""
    problems, counted, excluded = vote_problems(vote)
    if problems:
        raise VoteRefused(problems)
    yes = sum(1 for b in counted if b.vote == YES)
    no = sum(1 for b in counted if b.vote == NO)
    abstentions = sum(1 for b in counted if b.vote == ABSTAIN)
    return _decision(vote.electorate, vote.majority, vote.quorum_rule, yes, no, abstentions,
                     tuple(excluded))
