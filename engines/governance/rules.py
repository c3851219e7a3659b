"""The rules of an organ as data: quorum, majorities per kind of decision, terms, seat limits of
the Executive Committee and the arrears rule. Two rule sets are shipped as JSON in `rulesets/`
(the constitution in force in 1996, the demo default, and the amended one in force since 2013);
the app stores its own versions in the same shape (`rule_set_to_dict`).

A threshold is a fraction with a direction, because the constitution's two kinds of majority
differ in more than their fraction: a simple majority is *more than* half (a tie does not
adopt), two thirds is *at least* two thirds. The fewest that meet either are whole numbers:
`votes_cast // 2 + 1` and `ceil(2 × votes_cast / 3)`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any

from engines.governance.errors import Problem, RuleSetError

_FRACTION = re.compile(r"\s*\d+(\s*/\s*\d+)?\s*")


@dataclass(frozen=True)
class Threshold:
    """A share of a whole that a count must reach: `more_than` the fraction, or at least it."""

    fraction: Fraction
    more_than: bool

    def fewest(self, total: int) -> int:
        """The smallest count of `total` that meets the threshold (exact: integers only)."""
        n, d = self.fraction.numerator, self.fraction.denominator
        if self.more_than:
            return (n * total) // d + 1
        return -((-n * total) // d)  # ceil(n·total/d)

    def met(self, count: int, total: int) -> bool:
        return count >= self.fewest(total)

    def describe(self) -> str:
        return f"{'more than' if self.more_than else 'at least'} {self.fraction}"

    def problems(self, where: tuple[str, ...]) -> list[Problem]:
        if self.fraction < 0:
            return [Problem(where, f"{self.fraction} is negative")]
        if self.fraction > 1:
            return [Problem(where, f"{self.fraction} is above 100 %: no count could reach it")]
        if self.fraction == 1 and self.more_than:
            return [Problem(where, "more than 100 % cannot be reached")]
        return []


@dataclass(frozen=True)
class Majority(Threshold):
    """A majority of the votes cast (yes + no; abstentions are not votes cast)."""

    name: str = ""

    def required(self, votes_cast: int) -> int:
        """The fewest yes votes that adopt (or votes that elect) out of `votes_cast`."""
        return self.fewest(votes_cast)

    def problems(self, where: tuple[str, ...]) -> list[Problem]:
        found = super().problems(where)
        if not found and self.fraction < Fraction(1, 2):
            found.append(Problem(where, f"{self.describe()} is below half: it is not a majority"))
        elif not found and self.fraction == Fraction(1, 2) and not self.more_than:
            # Then a tie adopts, and a motion and its opposite could both pass.
            found.append(Problem(where, "at least 1/2 is not a majority: a tie would adopt"))
        return found


SIMPLE = Majority(Fraction(1, 2), more_than=True, name="simple")
TWO_THIRDS = Majority(Fraction(2, 3), more_than=False, name="two_thirds")
# The contract's two majorities, by the names VOTE.json and ELECTION.json use.
MAJORITIES: Mapping[str, Majority] = {SIMPLE.name: SIMPLE, TWO_THIRDS.name: TWO_THIRDS}
# The contract's quorum: more than half of the members with voting rights are present.
QUORUM = Threshold(Fraction(1, 2), more_than=True)


@dataclass(frozen=True)
class ArrearsRule:
    """A member's vote is suspended when its arrears equal or exceed the contributions due from
    it for the `preceding_full_years` before the current year, until the Council restores it by
    the decision `restore_decision` (a kind in the rule set's `decisions`)."""

    preceding_full_years: int
    restore_decision: str
    # The constitution's condition for restoring, shown to the Council (None: it names none).
    restore_condition: str | None = None

    def suspends(self, arrears: Decimal | int, due: Decimal | int, *, restored: bool = False) -> bool:
        """Whether the vote is suspended, given the arrears and what the preceding years owed.
        A member that owed nothing in those years is never suspended (0 ≥ 0 would say it is)."""
        return due > 0 and arrears >= due and not restored


@dataclass(frozen=True)
class ExecutiveCommittee:
    """At least `min_seats` members, at most `max_share` of the membership, for `term_years`."""

    min_seats: int
    max_share: Fraction
    term_years: int

    def seat_limits(self, members: int) -> tuple[int, int]:
        """(fewest, most) seats for a membership of `members` (most rounded down)."""
        return self.min_seats, int(self.max_share * members)

    def seat_problems(self, seats: int, members: int) -> list[str]:
        fewest, most = self.seat_limits(members)
        found = []
        if seats < fewest:
            found.append(f"{seats} seats are fewer than the {fewest} the rules require")
        if seats > most:
            found.append(f"{seats} seats are more than {self.max_share} of {members} members ({most})")
        return found


@dataclass(frozen=True)
class RuleSet:
    key: str
    title: str
    in_force_from: date
    quorum: Threshold
    majorities: Mapping[str, Majority]
    # Kind of decision → name of its majority; "ordinary" is every decision not named.
    decisions: Mapping[str, str]
    terms_years: Mapping[str, int]
    executive_committee: ExecutiveCommittee | None
    arrears: ArrearsRule
    special_session_request: Threshold
    notes: tuple[str, ...] = field(default=())

    def majority_for(self, kind: str) -> Majority:
        name = self.decisions.get(kind, self.decisions[ORDINARY])
        return self.majorities[name]


ORDINARY = "ordinary"
SHIPPED = ("constitution-1996", "constitution-2013")
DEFAULT_RULE_SET = "constitution-1996"


def _fraction(value: Any, where: tuple[str, ...], problems: list[Problem]) -> Fraction | None:
    if not isinstance(value, str) or not _FRACTION.fullmatch(value):
        problems.append(Problem(where, f"{value!r} is not a fraction written like \"1/2\""))
        return None
    try:
        return Fraction(value.replace(" ", ""))
    except ZeroDivisionError:
        problems.append(Problem(where, f"{value!r} divides by zero"))
        return None


def _whole(value: Any, where: tuple[str, ...], problems: list[Problem], *, least: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        problems.append(Problem(where, f"{value!r} is not a whole number of at least {least}"))
        return least
    return value


def _threshold(data: Any, where: tuple[str, ...], problems: list[Problem], *, name: str | None = None):
    if not isinstance(data, dict) or not isinstance(data.get("more_than"), bool):
        problems.append(Problem(where, 'is not {"fraction": "n/d", "more_than": true | false}'))
        return None
    fraction = _fraction(data.get("fraction"), (*where, "fraction"), problems)
    if fraction is None:
        return None
    made = (Threshold(fraction, data["more_than"]) if name is None
            else Majority(fraction, data["more_than"], name=name))
    problems.extend(made.problems(where))
    return made


def _text(data: dict, key: str, problems: list[Problem]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem((key,), "is missing or empty"))
        return ""
    return value


def rule_set_from_dict(data: Any) -> RuleSet:
    """A rule set from its JSON shape; RuleSetError lists every problem (a quorum above 100 %, a
    majority below half, a decision naming no defined majority, …)."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise RuleSetError([Problem((), "a rule set is a JSON object")])
    key, title = _text(data, "key", problems), _text(data, "title", problems)
    try:
        in_force = date.fromisoformat(data.get("in_force_from", ""))
    except (TypeError, ValueError):
        problems.append(Problem(("in_force_from",), "is not a date written YYYY-MM-DD"))
        in_force = date.min
    quorum = _threshold(data.get("quorum"), ("quorum",), problems)
    special = _threshold(data.get("special_session_request"), ("special_session_request",), problems)
    majorities: dict[str, Majority] = {}
    raw_majorities = data.get("majorities")
    if not isinstance(raw_majorities, dict) or not raw_majorities:
        problems.append(Problem(("majorities",), "is not an object of named majorities"))
        raw_majorities = {}
    for name, raw in raw_majorities.items():
        made = _threshold(raw, ("majorities", name), problems, name=name)
        if isinstance(made, Majority):
            majorities[name] = made
    decisions = data.get("decisions")
    if not isinstance(decisions, dict) or ORDINARY not in decisions:
        problems.append(Problem(("decisions",), f"is not an object of decision kinds with {ORDINARY!r}"))
        decisions = decisions if isinstance(decisions, dict) else {}
    for kind, name in decisions.items():
        if name not in raw_majorities:
            problems.append(Problem(("decisions", kind), f"{name!r} is not one of the majorities"))
    terms = data.get("terms_years")
    if not isinstance(terms, dict):
        problems.append(Problem(("terms_years",), "is not an object of offices and years"))
        terms = {}
    terms = {office: _whole(years, ("terms_years", office), problems) for office, years in terms.items()}
    committee = None
    raw_committee = data.get("executive_committee")
    if raw_committee is not None:
        where = ("executive_committee",)
        if not isinstance(raw_committee, dict):
            problems.append(Problem(where, "is neither null (no Executive Committee) nor an object"))
        else:
            share = _fraction(raw_committee.get("max_share"), (*where, "max_share"), problems)
            if share is not None and not 0 < share <= 1:
                problems.append(Problem((*where, "max_share"), f"{share} is not a share of the membership"))
            seats = _whole(raw_committee.get("min_seats"), (*where, "min_seats"), problems)
            years = _whole(raw_committee.get("term_years"), (*where, "term_years"), problems)
            committee = ExecutiveCommittee(seats, share or Fraction(1), years)
    arrears = data.get("arrears")
    rule = None
    if not isinstance(arrears, dict):
        problems.append(Problem(("arrears",), "is not an object"))
    else:
        restore = arrears.get("restore_decision")
        if restore not in decisions:
            problems.append(Problem(("arrears", "restore_decision"), f"{restore!r} is not a decision kind"))
        condition = arrears.get("restore_condition")
        if condition is not None and not isinstance(condition, str):
            problems.append(Problem(("arrears", "restore_condition"), "is neither null nor text"))
        years = _whole(arrears.get("preceding_full_years"), ("arrears", "preceding_full_years"), problems)
        rule = ArrearsRule(years, str(restore), condition if isinstance(condition, str) else None)
    notes = data.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        problems.append(Problem(("notes",), "is not a list of texts"))
        notes = []
    if problems:
        raise RuleSetError(problems)
    assert quorum is not None and special is not None and rule is not None
    return RuleSet(key, title, in_force, quorum, majorities, dict(decisions), terms, committee, rule,
                   special, tuple(notes))


def _threshold_to_dict(threshold: Threshold) -> dict[str, Any]:
    return {"fraction": str(threshold.fraction), "more_than": threshold.more_than}


def rule_set_to_dict(rules: RuleSet) -> dict[str, Any]:
    """The JSON shape `rule_set_from_dict` reads (what the app stores as one version)."""
    committee = rules.executive_committee
    return {
        "key": rules.key,
        "title": rules.title,
        "in_force_from": rules.in_force_from.isoformat(),
        "quorum": _threshold_to_dict(rules.quorum),
        "special_session_request": _threshold_to_dict(rules.special_session_request),
        "majorities": {name: _threshold_to_dict(m) for name, m in rules.majorities.items()},
        "decisions": dict(rules.decisions),
        "terms_years": dict(rules.terms_years),
        "executive_committee": None if committee is None else {
            "min_seats": committee.min_seats, "max_share": str(committee.max_share),
            "term_years": committee.term_years},
        "arrears": {"preceding_full_years": rules.arrears.preceding_full_years,
                    "restore_decision": rules.arrears.restore_decision,
                    "restore_condition": rules.arrears.restore_condition},
        "notes": list(rules.notes),
    }


@functools.lru_cache(maxsize=len(SHIPPED))
def load_rule_set(key: str = DEFAULT_RULE_SET) -> RuleSet:
    """One of the shipped rule sets (`SHIPPED`), read from the package's JSON once per process
    (a RuleSet is frozen: the app asks for it on every session page and vote)."""
    if key not in SHIPPED:
        raise RuleSetError([Problem((), f"{key!r} is not a shipped rule set ({', '.join(SHIPPED)})")])
    folder = resources.files("engines.governance").joinpath("rulesets")
    text = folder.joinpath(f"{key}.json").read_text(encoding="utf-8")
    return rule_set_from_dict(json.loads(text))
