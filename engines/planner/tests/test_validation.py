"""Bad input is refused with every problem listed, each with its path."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.planner import Problem, ValidationError, validate


def good() -> dict:
    return {
        "travellers": [
            {"id": "T1", "household": "H1", "priority": 5, "origin": "KBL", "destination": "IST",
             "ready": "2026-12-01", "wheelchair": False, "needs_escort": False},
            {"id": "T2", "household": "H1", "priority": 3, "origin": "KBL", "destination": "IST",
             "ready": "2026-12-02", "wheelchair": True, "needs_escort": True},
        ],
        "transports": [
            {"id": "F1", "origin": "KBL", "destination": "IST", "departure": "2026-12-03",
             "seats": 180, "wheelchair_places": 2, "escort_places": 4},
        ],
    }


def problems_of(raw: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate(raw)
    return caught.value.problems


def test_it_builds_the_problem_from_good_input() -> None:
    problem = validate(good())
    assert isinstance(problem, Problem)
    assert [t.id for t in problem.travellers] == ["T1", "T2"]
    assert problem.travellers[1].ready == dt.date(2026, 12, 2)
    assert problem.travellers[1].wheelchair is True
    assert problem.transports[0].seats == 180


def test_it_accepts_empty_lists() -> None:
    assert validate({"travellers": [], "transports": []}) == Problem((), ())


def test_it_lists_every_problem_with_its_path() -> None:
    raw = good()
    raw["travellers"][1]["ready"] = "abc"
    raw["travellers"][0]["priority"] = 6
    raw["transports"][0]["seats"] = -1
    raw["transports"][0]["escort_places"] = -2
    raw["extra"] = True
    problems = problems_of(raw)
    assert "travellers[1].ready: not a date 'abc'" in problems
    assert any(p.startswith("travellers[0].priority:") and "6" in p for p in problems)
    assert any(p.startswith("transports[0].seats:") and "-1" in p for p in problems)
    assert any(p.startswith("transports[0].escort_places:") for p in problems)
    assert "extra: unknown field" in problems
    assert len(problems) == 5


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, "3", True, None])
def test_it_refuses_priority_outside_one_to_five(value: object) -> None:
    raw = good()
    raw["travellers"][0]["priority"] = value
    assert [p.split(":")[0] for p in problems_of(raw)] == ["travellers[0].priority"]


@pytest.mark.parametrize("value", ["abc", "2026-02-30", "2026-13-01", "20261201", "", 20261201,
                                   None, "2026-12-01T10:00"])
def test_it_refuses_bad_dates(value: object) -> None:
    raw = good()
    raw["transports"][0]["departure"] = value
    assert problems_of(raw) == [f"transports[0].departure: not a date {value!r}"]


def test_it_refuses_unknown_and_missing_fields() -> None:
    raw = good()
    raw["travellers"][0]["colour"] = "blue"
    del raw["travellers"][1]["household"]
    del raw["transports"][0]["wheelchair_places"]
    del raw["transports"]  # the whole list is missing too
    problems = problems_of(raw)
    assert "travellers[0].colour: unknown field" in problems
    assert "travellers[1].household: missing field" in problems
    assert "transports: missing field" in problems


def test_it_refuses_unknown_and_missing_transport_fields() -> None:
    raw = good()
    raw["transports"][0]["operator"] = "IOM"
    del raw["transports"][0]["wheelchair_places"]
    assert sorted(problems_of(raw)) == [
        "transports[0].operator: unknown field",
        "transports[0].wheelchair_places: missing field",
    ]


def test_it_refuses_duplicate_ids() -> None:
    raw = good()
    raw["travellers"][1]["id"] = "T1"
    raw["transports"].append(copy.deepcopy(raw["transports"][0]))
    problems = problems_of(raw)
    assert "travellers[1].id: duplicate id 'T1' (also travellers[0])" in problems
    assert "transports[1].id: duplicate id 'F1' (also transports[0])" in problems


@pytest.mark.parametrize("key", ["origin", "destination"])
def test_it_refuses_a_household_split_across_corridors(key: str) -> None:
    raw = good()
    raw["travellers"][1][key] = "DAM"
    problems = problems_of(raw)
    assert len(problems) == 1
    assert problems[0].startswith(f"travellers[1].{key}: household 'H1' is split")


def test_it_refuses_wrong_types() -> None:
    raw = good()
    raw["travellers"][0]["wheelchair"] = "no"
    raw["travellers"][0]["id"] = 7
    raw["transports"][0]["seats"] = "180"
    raw["transports"][0]["wheelchair_places"] = True
    problems = problems_of(raw)
    assert {p.split(":")[0] for p in problems} == {
        "travellers[0].wheelchair", "travellers[0].id", "transports[0].seats",
        "transports[0].wheelchair_places",
    }


@pytest.mark.parametrize("raw", [[], "text", 3, None])
def test_it_refuses_a_document_that_is_not_an_object(raw: object) -> None:
    assert problems_of(raw)[0].startswith("$: expected an object")


def test_it_refuses_items_that_are_not_objects_and_lists_that_are_not_lists() -> None:
    raw = good()
    raw["travellers"].append("T3")
    raw["transports"] = {"F1": {}}
    assert problems_of(raw) == [
        "travellers[2]: expected an object, got a string",
        "transports: expected a list, got an object",
    ]


def test_the_error_message_carries_every_problem() -> None:
    raw = good()
    raw["travellers"][0]["ready"] = "x"
    raw["travellers"][1]["ready"] = "y"
    with pytest.raises(ValidationError) as caught:
        validate(raw)
    assert "2 problem(s)" in str(caught.value)
    assert "travellers[1].ready: not a date 'y'" in str(caught.value)


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 200) | st.floats(allow_nan=False)
    | st.text(max_size=12) | st.sampled_from(["2026-12-01", "KBL", "IST", "H1", "T1"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "household", "priority", "origin", "destination", "ready",
                         "wheelchair", "needs_escort", "departure", "seats",
                         "wheelchair_places", "escort_places", "travellers", "transports", "x"]),
        inner, max_size=8),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, database=None)
@given(raw=_json)
def test_any_json_is_either_a_problem_or_refused_with_reasons(raw: object) -> None:
    try:
        problem = validate(raw)
    except ValidationError as error:
        assert error.problems
        assert all(isinstance(p, str) and ": " in p for p in error.problems)
    else:
        assert isinstance(problem, Problem)


@settings(max_examples=100, deadline=None, database=None)
@given(data=st.data())
def test_one_broken_field_in_good_input_is_reported_at_its_path(data: st.DataObject) -> None:
    raw = good()
    index = data.draw(st.integers(0, 1))
    key = data.draw(st.sampled_from(["id", "household", "priority", "origin", "destination",
                                     "ready", "wheelchair", "needs_escort"]))
    raw["travellers"][index][key] = data.draw(st.sampled_from([None, [], {}, -1, "", 7.5]))
    problems = problems_of(raw)
    assert any(p.startswith(f"travellers[{index}].{key}:") for p in problems)
