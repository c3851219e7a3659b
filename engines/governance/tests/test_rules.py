"""The rule sets: the two shipped constitutions, and what a rule set may not say."""

from __future__ import annotations

import copy
from decimal import Decimal
from fractions import Fraction

import pytest

from engines.governance import (
    DEFAULT_RULE_SET,
    QUORUM,
    SHIPPED,
    SIMPLE,
    TWO_THIRDS,
    RuleSetError,
    load_rule_set,
    rule_set_from_dict,
    rule_set_to_dict,
)


def test_the_1996_constitution_is_the_default_and_has_an_executive_committee() -> None:
    rules = load_rule_set()
    assert rules.key == DEFAULT_RULE_SET == "constitution-1996"
    committee = rules.executive_committee
    assert committee is not None
    assert (committee.min_seats, committee.max_share, committee.term_years) == (9, Fraction(1, 3), 2)
    # 59 members: at most 19 seats (a third, rounded down).
    assert committee.seat_limits(59) == (9, 19)
    assert committee.seat_problems(20, 59) == ["20 seats are more than 1/3 of 59 members (19)"]
    assert committee.seat_problems(8, 59) == ["8 seats are fewer than the 9 the rules require"]
    assert committee.seat_problems(9, 59) == []
    assert rules.majority_for("executive_committee_election") == SIMPLE


@pytest.mark.parametrize("key", SHIPPED)
def test_both_constitutions_need_two_thirds_to_admit_elect_a_director_general_or_amend(key) -> None:
    rules = load_rule_set(key)
    for kind in ("admission", "director_general_election", "constitution_amendment"):
        assert rules.majority_for(kind) == TWO_THIRDS, kind
    assert rules.majority_for("ordinary") == SIMPLE
    assert rules.majority_for("anything not named") == SIMPLE  # the ordinary majority
    assert rules.quorum == QUORUM
    assert rules.terms_years == {"director_general": 5, "deputy_director_general": 5}
    assert rule_set_from_dict(rule_set_to_dict(rules)) == rules  # what the app stores reads back


def test_the_2013_constitution_has_no_executive_committee_and_restores_by_simple_majority() -> None:
    rules = load_rule_set("constitution-2013")
    assert rules.executive_committee is None
    assert "executive_committee_election" not in rules.decisions
    assert rules.majority_for(rules.arrears.restore_decision) == SIMPLE
    assert rules.arrears.preceding_full_years == 2


@pytest.mark.parametrize(
    ("arrears", "due", "restored", "suspended"),
    [
        ("200", "200", False, True),    # equal to two years: suspended
        ("250", "200", False, True),    # more
        ("199.99", "200", False, False),
        ("200", "200", True, False),    # restored by the Council
        ("0", "0", False, False),       # nothing was due: never suspended
    ],
)
def test_the_arrears_rule(arrears, due, restored, suspended) -> None:
    rule = load_rule_set("constitution-2013").arrears
    assert rule.suspends(Decimal(arrears), Decimal(due), restored=restored) is suspended


def _with(change) -> dict:
    data = copy.deepcopy(rule_set_to_dict(load_rule_set()))
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["quorum"].update(fraction="3/2"), "quorum: 3/2 is above 100 %: no count could reach it"),
        (lambda d: d["quorum"].update(fraction="1", more_than=True),
         "quorum: more than 100 % cannot be reached"),
        (lambda d: d["majorities"]["simple"].update(fraction="2/5"),
         "majorities, simple: more than 2/5 is below half: it is not a majority"),
        (lambda d: d["majorities"]["simple"].update(more_than=False),
         "majorities, simple: at least 1/2 is not a majority: a tie would adopt"),
        (lambda d: d["majorities"]["two_thirds"].update(fraction="0.66"),
         "majorities, two_thirds, fraction: '0.66' is not a fraction written like \"1/2\""),
        (lambda d: d["quorum"].update(fraction="1/0"), "quorum, fraction: '1/0' divides by zero"),
        (lambda d: d["decisions"].update(admission="unanimity"),
         "decisions, admission: 'unanimity' is not one of the majorities"),
        (lambda d: d["decisions"].pop("ordinary"),
         "decisions: is not an object of decision kinds with 'ordinary'"),
        (lambda d: d["terms_years"].update(director_general=0),
         "terms_years, director_general: 0 is not a whole number of at least 1"),
        (lambda d: d["executive_committee"].update(max_share="0"),
         "executive_committee, max_share: 0 is not a share of the membership"),
        (lambda d: d.update(in_force_from="1996"), "in_force_from: is not a date written YYYY-MM-DD"),
        (lambda d: d["arrears"].update(restore_decision="pardon"),
         "arrears, restore_decision: 'pardon' is not a decision kind"),
    ],
)
def test_a_rule_set_that_cannot_be_used_is_refused(change, expected) -> None:
    with pytest.raises(RuleSetError) as raised:
        rule_set_from_dict(_with(change))
    assert [str(p) for p in raised.value.problems] == [expected]


def test_every_problem_of_a_rule_set_is_listed_at_once() -> None:
    def break_both(d: dict) -> None:
        d["quorum"]["fraction"] = "101/100"
        d["majorities"]["simple"]["fraction"] = "1/4"

    with pytest.raises(RuleSetError) as raised:
        rule_set_from_dict(_with(break_both))
    assert len(raised.value.problems) == 2


def test_an_unknown_rule_set_is_refused() -> None:
    with pytest.raises(RuleSetError, match="'constitution-1953' is not a shipped rule set"):
        load_rule_set("constitution-1953")
