"""`corridor-vote decide VOTE.json` · `corridor-vote elect ELECTION.json`.

Counts a vote on a motion (quorum, yes, no, abstentions, votes cast, the yes votes required,
adopted, the excluded ballots of members whose vote is suspended) or a single-seat election over
repeated ballots, and prints the result as JSON on standard output.

Exit codes: 0 result printed; 2 input refused (every problem listed on stderr, each naming the
round, ballot and member; nothing on standard output).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engines.governance.election import count_election
from engines.governance.errors import Problem
from engines.governance.reading import parse_json, read_election, read_vote
from engines.governance.tally import decide, vote_problems

EXIT_BAD_INPUT = 2
PROG = "corridor-vote"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[1].replace("\n", " "))
    commands = parser.add_subparsers(dest="command", required=True, metavar="{decide,elect}")
    decide_cmd = commands.add_parser("decide", help="the result of a vote on a motion")
    decide_cmd.add_argument("file", type=Path, metavar="VOTE.json")
    elect_cmd = commands.add_parser("elect", help="the rounds of a single-seat election")
    elect_cmd.add_argument("file", type=Path, metavar="ELECTION.json")
    return parser


def _read(path: Path) -> tuple[Any, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem((), "is not UTF-8 text")]
    except OSError as error:
        return None, [Problem((), f"cannot be read: {error.strerror or error}")]
    return parse_json(text)


def _decide(data: Any) -> tuple[dict[str, Any] | None, list[Problem]]:
    vote, problems = read_vote(data)
    if vote is None:
        return None, problems
    problems += vote_problems(vote)[0]
    if problems:
        return None, problems
    return decide(vote).to_json(), []


def _elect(data: Any) -> tuple[dict[str, Any] | None, list[Problem]]:
    election, problems = read_election(data)
    if election is None:
        return None, problems
    result, found = count_election(election)
    problems += found
    if problems:
        return None, problems
    return result.to_json(), []


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # a malformed command line: argparse says so and exits 2
    data, problems = _read(args.file)
    result = None
    if not problems:
        result, problems = (_decide if args.command == "decide" else _elect)(data)
    if problems or result is None:
        print(f"{PROG} {args.command}: refused, {len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"{args.file}: {problem}" if problem.where else f"{args.file} {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    # UTF-8 whatever the locale: member codes and reasons may be in any language. A lone
    # surrogate (JSON allows "\ud800") has no UTF-8: then every non-ASCII character is escaped.
    try:
        printed = (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        printed = (json.dumps(result, indent=2) + "\n").encode("ascii")
    sys.stdout.buffer.write(printed)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
