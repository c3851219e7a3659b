import pandas as pd
import pytest

from engines.linkage import api


def _records(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).fillna("").astype(str)


FAMILY = [
    # The same man, written two ways, day and month swapped.
    dict(id="a1", given_name="Mohammed", family_name="Al-Hassan", father_name="Ali",
         birth_date="1990-03-04", phone="+963944123456", birth_place="Aleppo"),
    dict(id="a2", given_name="MUHAMAD", family_name="ALHASAN", father_name="Aly",
         birth_date="1990-04-03", phone="0944123456", birth_place="Halab"),
    # His brothers: same family name, father, village and phone.
    dict(id="b1", given_name="Omar", family_name="Al-Hassan", father_name="Ali",
         birth_date="1992-07-15", phone="+963944123456", birth_place="Aleppo"),
    dict(id="b2", given_name="Mahmoud", family_name="Al-Hassan", father_name="Ali",
         birth_date="1994-11-20", phone="+963944123456", birth_place="Aleppo"),
    # Cyrillic and Latin, with only year and month on one side.
    dict(id="c1", given_name="Oleksandr", family_name="Shevchenko", father_name="Mykola",
         birth_date="1985-06-12", birth_place="Kharkiv"),
    dict(id="c2", given_name="Александр", family_name="Шевченко", father_name="Николай",
         birth_date="1985-06", birth_place="Харків"),
    # Given and family names swapped, one year off.
    dict(id="d1", given_name="Fatoumata", family_name="Diallo", father_name="Mamadou",
         birth_date="2001-05-17", birth_place="Conakry"),
    dict(id="d2", given_name="Jallow", family_name="Fatoumata", father_name="Mamadu",
         birth_date="2001-05-17", birth_place="Conakry"),
]


@pytest.fixture(scope="module")
def pairs() -> set[tuple[str, str]]:
    found = api.dedupe(_records(FAMILY))
    return set(zip(found["id_l"], found["id_r"], strict=True))


def test_al_hassan_is_found(pairs: set[tuple[str, str]]) -> None:
    assert ("a1", "a2") in pairs


def test_brothers_are_not_merged(pairs: set[tuple[str, str]]) -> None:
    for pair in pairs:
        assert not {"b1", "b2"} & set(pair), pair


def test_scripts_and_partial_dates_link(pairs: set[tuple[str, str]]) -> None:
    assert ("c1", "c2") in pairs


def test_only_the_true_pairs(pairs: set[tuple[str, str]]) -> None:
    assert pairs <= {("a1", "a2"), ("c1", "c2"), ("d1", "d2")}


def test_shared_phone_does_not_outweigh_name_and_date() -> None:
    explanation = api.explain(FAMILY[0], FAMILY[2])
    assert explanation.match_probability < 0.05
    phone = next(f for f in explanation.fields if f.field == "phone")
    assert phone.category == "match" and phone.weight > 0
    given = next(f for f in explanation.fields if f.field == "given_name")
    assert given.category == "mismatch" and given.weight < 0


def test_explanation_reports_levels_and_weights() -> None:
    explanation = api.explain(FAMILY[0], FAMILY[1])
    by_field = {f.field: f for f in explanation.fields}
    assert by_field["birth_date"].level == "near: day and month swapped"
    assert by_field["given_name"].category == "match"
    assert explanation.match_probability > 0.9
    total = explanation.prior_weight + sum(f.weight for f in explanation.fields)
    assert total == pytest.approx(explanation.match_weight, abs=0.01)


def test_search_ranks_the_sought_person_first() -> None:
    registry = _records(FAMILY)
    requests = _records([dict(id="q1", given_name="Muhammad", family_name="Hasan",
                              birth_date="1990")])
    found = api.search(registry, requests, top=3)
    assert list(found.columns) == ["request_id", "record_id", "rank", "match_probability"]
    assert found.iloc[0]["record_id"] in {"a1", "a2"}
    assert found["rank"].tolist() == list(range(1, len(found) + 1))


def test_link_across_two_files() -> None:
    left = _records(FAMILY[:1] + FAMILY[4:5])
    right = _records([FAMILY[1], FAMILY[5] | {"id": "a1"}])  # ids may repeat across files
    found = api.link(left, right)
    assert set(zip(found["id_l"], found["id_r"], strict=True)) == {("a1", "a2"), ("c1", "a1")}


def test_household_evidence_is_counted_once() -> None:
    # Phone, address and father agree (a household); given name and date say another person.
    scored = pd.DataFrame(
        {
            "match_weight": [30.0 - 20.0],
            "match_probability": [0.999],
            "mw_given_name": [-5.0],
            "mw_birth_date": [-7.0],
            "mw_father_name": [6.0],
            "mw_phone": [13.0],
            "mw_address": [13.0],
        }
    )
    prior = scored["match_weight"][0] - sum(scored[c][0] for c in scored if c.startswith("mw_"))
    capped = api.cap_household_evidence(scored)
    household = sum(capped[f"mw_{n}"][0] for n in ("father_name", "phone", "address"))
    assert household == pytest.approx(api.HOUSEHOLD_MAX_BITS)
    total = prior + sum(capped[c][0] for c in capped if c.startswith("mw_"))
    assert capped["match_weight"][0] == pytest.approx(total)
    assert capped["match_probability"][0] < scored["match_probability"][0]


def test_training_keeps_every_comparison_with_finite_weights() -> None:
    from engines.linkage.features import build_features
    from engines.linkage.generator import generate_registry
    from engines.linkage.model import columns_with_data, train

    records = generate_registry(6_000, seed=5).drop(columns=["person_id", "household_id"])
    features = build_features(records)
    model = train(features, max_records=3_000)
    weights = model.weights()
    from engines.linkage.comparisons import comparisons_for

    expected = [
        c.get_comparison("duckdb").output_column_name
        for c in comparisons_for(columns_with_data(features))
    ]
    assert list(weights) == expected
    for levels in weights.values():
        assert all(abs(weight) < 30 for _, weight in levels), levels
    assert dict(weights["birth_date"])["match: same date"] > 5
