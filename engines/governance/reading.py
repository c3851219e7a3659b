"""VOTE.json and ELECTION.json: their JSON shape read into a `Vote` or an `Election`.

Every problem of shape is collected (a field missing or of the wrong type, a ballot without a
member); a ballot that cannot be read is left out and named, and the rest are still read so
that the engine's own checks (a non-member, twice, …) are listed in the same refusal. Fields
the contract does not name are ignored. `suspended` may be left out or null (nobody is) and
`seats` left out (1: the only value there is).
"""

from __future__ import annotations

import json
from typing import Any

from engines.governance.ballots import Ballot
from engines.governance.election import Election
from engines.governance.errors import Problem
from engines.governance.rules import MAJORITIES, SIMPLE, Majority
from engines.governance.tally import Vote


def parse_json(text: str) -> tuple[Any, list[Problem]]:
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return None, [Problem((), f"is not valid JSON: {error}")]
    except RecursionError:
        return None, [Problem((), "is nested too deeply to be a vote")]


def _codes(data: dict, key: str, problems: list[Problem], *, what: str = "code") -> tuple[str, ...] | None:
    value = data.get(key)
    if not isinstance(value, list):
        problems.append(Problem((key,), f"is missing or not a list of {what}s"))
        return None
    bad = [item for item in value if not isinstance(item, str)]
    if bad:
        problems.append(Problem((key,), f"holds {bad[0]!r}, which is not a {what} (text)"))
        return None
    return tuple(value)


def _suspended(data: dict, problems: list[Problem]) -> dict[str, str] | None:
    value = data.get("suspended")
    if value is None:  # left out, or null: nobody's vote is suspended
        return {}
    if not isinstance(value, dict):
        problems.append(Problem(("suspended",), "is not an object of codes and reasons"))
        return None
    for code, reason in value.items():
        if not isinstance(reason, str):
            problems.append(Problem(("suspended", repr(code)), f"the reason {reason!r} is not text"))
            return None
    return dict(value)


def _majority(data: dict, problems: list[Problem]) -> Majority | None:
    value = data.get("majority")
    if isinstance(value, str) and value in MAJORITIES:
        return MAJORITIES[value]
    problems.append(Problem(("majority",), f"{value!r} is not 'simple' or 'two_thirds'"))
    return None


def _ballots(value: Any, where: tuple[str, ...], prefix: tuple[str, ...],
             problems: list[Problem]) -> tuple[Ballot, ...]:
    """The readable ballots of a list found at `where`; each named `prefix` + its number."""
    if not isinstance(value, list):
        problems.append(Problem(where, "is not a list of ballots"))
        return ()
    ballots = []
    for number, item in enumerate(value, start=1):
        here = (*prefix, f"ballot {number}")
        if not isinstance(item, dict):
            problems.append(Problem(here, 'is not {"member": code, "vote": ...}'))
            continue
        member, vote = item.get("member"), item.get("vote")
        if isinstance(member, str):
            here = (*here, f"member {member!r}")
        else:
            problems.append(Problem(here, f"the member {member!r} is not a code (text)"))
        if not isinstance(vote, str):
            problems.append(Problem(here, f"the vote {vote!r} is not text"))
        if isinstance(member, str) and isinstance(vote, str):
            ballots.append(Ballot(member, vote, number))
    return tuple(ballots)


def _object(data: Any, problems: list[Problem]) -> bool:
    if not isinstance(data, dict):
        problems.append(Problem((), "is not a JSON object"))
        return False
    return True


def read_vote(data: Any) -> tuple[Vote | None, list[Problem]]:
    """The vote, and every problem of shape. With members, present and suspended read it is
    returned even when there are problems, so that its ballots can be checked too (a majority
    that could not be read does not change what is wrong with a ballot)."""
    problems: list[Problem] = []
    if not _object(data, problems):
        return None, problems
    members, suspended = _codes(data, "members", problems), _suspended(data, problems)
    present, majority = _codes(data, "present", problems), _majority(data, problems)
    ballots = _ballots(data.get("ballots"), ("ballots",), (), problems)
    if members is None or present is None or suspended is None:
        return None, problems
    return Vote(members, suspended, present, majority or SIMPLE, ballots), problems


def read_election(data: Any) -> tuple[Election | None, list[Problem]]:
    """The election, and every problem of shape. It is returned with problems only when what is
    wrong cannot change the count (which decides who stands in each round): so not without a
    majority, members, present or suspended, nor with candidates that could not be read."""
    problems: list[Problem] = []
    if not _object(data, problems):
        return None, problems
    members, suspended = _codes(data, "members", problems), _suspended(data, problems)
    present, majority = _codes(data, "present", problems), _majority(data, problems)
    candidates = _codes(data, "candidates", problems, what="name")
    seats = data.get("seats", 1)
    if isinstance(seats, bool) or not isinstance(seats, int):
        problems.append(Problem(("seats",), f"{seats!r} is not a whole number"))
        seats = 1
    raw_rounds = data.get("rounds")
    rounds: list[tuple[Ballot, ...]] = []
    if not isinstance(raw_rounds, list):
        problems.append(Problem(("rounds",), "is missing or not a list of rounds (lists of ballots)"))
    else:
        # A round that cannot be read still counts as a round (empty), so later ones keep their
        # numbers: elimination depends on them.
        rounds = [_ballots(r, (f"round {n}",), (f"round {n}",), problems)
                  for n, r in enumerate(raw_rounds, start=1)]
    if members is None or present is None or suspended is None or majority is None or candidates is None:
        return None, problems
    return Election(members, suspended, present, majority, candidates, tuple(rounds), seats), problems
