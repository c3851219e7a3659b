"""`corridor-scale UN_SCALE.csv MEMBERS.csv --out SCALE.csv [--floor F] [--ceiling C] [--decimals D]`.

Each member's rate is min(C, max(F, k × un_rate)) with the one k that makes the rates sum to 100,
rounded to D decimals (default 3) by largest remainder so that they still sum to exactly 100.

Exit codes: 0 scale written; 2 input refused (every problem listed on stderr, nothing written);
1 the scale could not be written.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from engines.assessment.checks import CEILING, DECIMALS, FLOOR, feasibility_problems, option_problems
from engines.assessment.errors import Problem
from engines.assessment.numbers import exact, parse_number
from engines.assessment.readers import ISO3, read_members, read_un_scale
from engines.assessment.scale import DEFAULT_DECIMALS, Scale, assess
from engines.outputs import write_atomically

EXIT_BAD_INPUT = 2
EXIT_WRITE_FAILED = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corridor-scale", description=__doc__.split("\n\n")[1].replace("\n", " ")
    )
    parser.add_argument("un_scale", type=Path, metavar="UN_SCALE.csv",
                        help="CSV with columns iso3,un_rate (percent, sums to 100)")
    parser.add_argument("members", type=Path, metavar="MEMBERS.csv",
                        help="CSV with a column iso3: the organisation's members")
    parser.add_argument("--out", type=Path, required=True, metavar="SCALE.csv",
                        help="where to write the scale (iso3,rate)")
    # Read as text and checked with the files, so that a bad option is listed with every other problem.
    parser.add_argument("--floor", default="0", metavar="F", help="lowest rate, percent (default 0: none)")
    parser.add_argument("--ceiling", default="100", metavar="C",
                        help="highest rate, percent (default 100: none)")
    parser.add_argument("--decimals", default=str(DEFAULT_DECIMALS), metavar="D",
                        help=f"decimals of the rates (default {DEFAULT_DECIMALS})")
    return parser


def _number(source: str, text: str, problems: list[Problem]) -> Decimal | None:
    try:
        return parse_number(text)
    except ValueError as error:
        problems.append(Problem(source, None, None, str(error)))
        return None


def _decimals(text: str, problems: list[Problem]) -> int | None:
    if not re.fullmatch(r"[+-]?\d+", text.strip()):
        problems.append(Problem(DECIMALS, None, None, f"{text!r} is not a whole number"))
        return None
    return int(text)


class _Inputs(NamedTuple):
    un_rates: dict[str, Decimal]
    members: list[str]
    floor: Decimal
    ceiling: Decimal
    decimals: int


def _checked(args: argparse.Namespace) -> _Inputs | list[Problem]:
    """The inputs ready for `assess`, or every problem found in the files and options."""
    un_source, members_source = str(args.un_scale), str(args.members)
    un, problems = read_un_scale(args.un_scale, un_source)
    members, member_problems = read_members(args.members, members_source)
    missing = [m for m in members if un.complete and m.iso3 not in un.listed]
    for member in missing:
        message = f"{member.iso3!r} is not in the UN scale ({un_source})"
        member_problems.append(Problem(members_source, member.row, ISO3, message))
    # In the file's order: a whole-file problem first, then row by row (sort is stable).
    problems += sorted(member_problems, key=lambda p: -1 if p.row is None else p.row)
    floor = _number(FLOOR, args.floor, problems)
    ceiling = _number(CEILING, args.ceiling, problems)
    decimals = _decimals(args.decimals, problems)
    options = option_problems(floor, ceiling, decimals)
    problems += options
    if floor is None or ceiling is None or decimals is None or options:
        return problems
    # Whether a floor or ceiling can be met depends on every member and its UN rate: judged only
    # when those are all known, else the sums it quotes would be wrong.
    if not member_problems and all(m.iso3 in un.rates for m in members):
        problems += feasibility_problems([exact(un.rates[m.iso3].rate) for m in members], floor, ceiling)
    if problems:
        return problems
    un_rates = {code: rate.rate for code, rate in un.rates.items()}
    return _Inputs(un_rates, [m.iso3 for m in members], floor, ceiling, decimals)


def _summary(scale: Scale, out: Path) -> str:
    k = Decimal(scale.k.numerator) / Decimal(scale.k.denominator)  # for the eye: 6 digits
    parts = [f"{len(scale.rates)} members", f"k = {k:.6g}"]
    if scale.floor > 0:
        parts.append(f"{len(scale.raised_to_floor)} raised to the floor {scale.floor}")
    if scale.ceiling < 100:
        parts.append(f"{len(scale.cut_to_ceiling)} cut to the ceiling {scale.ceiling}")
    return f"corridor-scale: {', '.join(parts)}; wrote {out}"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # a malformed command line: argparse says so and exits 2
    checked = _checked(args)
    if isinstance(checked, list):
        print(f"corridor-scale: refused, {len(checked)} problem(s); nothing was written:", file=sys.stderr)
        for problem in checked:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    scale = assess(
        checked.un_rates, checked.members,
        floor=checked.floor, ceiling=checked.ceiling, decimals=checked.decimals,
    )
    try:
        write_atomically(args.out, scale.to_csv(), newline="")
    except OSError as error:
        print(f"corridor-scale: {args.out}: cannot write the scale: {error}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    print(_summary(scale, args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
