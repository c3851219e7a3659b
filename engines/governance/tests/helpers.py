"""Building votes and elections for the tests: members are codes, ballots (member, vote) pairs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engines.governance import MAJORITIES, Ballot, Election, Vote


def ballots(*pairs: tuple[str, str]) -> tuple[Ballot, ...]:
    return tuple(Ballot(member, vote) for member, vote in pairs)


def vote(members: str, present: str, pairs: list[tuple[str, str]], *, majority: str = "simple",
         suspended: dict[str, str] | None = None) -> Vote:
    """`members` and `present` as space-separated codes."""
    return Vote(tuple(members.split()), suspended or {}, tuple(present.split()), MAJORITIES[majority],
                ballots(*pairs))


def election(members: str, present: str, candidates: str, rounds: list[list[tuple[str, str]]], *,
             majority: str = "simple", suspended: dict[str, str] | None = None) -> Election:
    return Election(tuple(members.split()), suspended or {}, tuple(present.split()), MAJORITIES[majority],
                    tuple(candidates.split()), tuple(ballots(*r) for r in rounds))


def round_of(votes: dict[str, str]) -> list[tuple[str, str]]:
    """{member: vote} as a round's ballots."""
    return list(votes.items())


def vote_json(members: list[str], present: list[str], pairs: list[tuple[str, str]], *,
              majority: str = "simple", suspended: dict[str, str] | None = None) -> dict[str, Any]:
    return {"members": members, "suspended": suspended or {}, "present": present, "majority": majority,
            "ballots": [{"member": m, "vote": v} for m, v in pairs]}


def election_json(members: list[str], present: list[str], candidates: list[str],
                  rounds: list[list[tuple[str, str]]], *, majority: str = "simple",
                  suspended: dict[str, str] | None = None) -> dict[str, Any]:
    return {"members": members, "suspended": suspended or {}, "present": present, "majority": majority,
            "seats": 1, "candidates": candidates,
            "rounds": [[{"member": m, "vote": v} for m, v in r] for r in rounds]}


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
