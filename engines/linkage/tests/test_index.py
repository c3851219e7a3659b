"""The tracing index: variants, scripts, swapped names, partial dates, blanks, common names."""

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engines.linkage import api
from engines.linkage.features import build_features
from engines.linkage.generator import enquiry_requests, generate_registry
from engines.linkage.index import (
    EXPLAINED_FIELDS,
    SearchIndex,
    request_from_features,
    request_from_record,
    with_spellings,
)
from engines.linkage.records import check_records
from engines.linkage.tests.test_cli import run


def _records(rows: list[dict]) -> pd.DataFrame:
    return check_records(pd.DataFrame(rows).fillna("").astype(str))


REGISTRY = [
    dict(id="a1", given_name="Mohammed", family_name="Al-Hassan", father_name="Ali",
         birth_date="1990-03-04", sex="M", birth_place="Aleppo"),
    dict(id="b1", given_name="Omar", family_name="Al-Hassan", father_name="Ali",
         birth_date="1992-07-15", sex="M", birth_place="Aleppo"),
    dict(id="c1", given_name="Олександр", family_name="Шевченко", father_name="Микола",
         birth_date="1985-06-12", sex="M", birth_place="Харків"),
    dict(id="d1", given_name="Fatoumata", family_name="Diallo", father_name="Mamadou",
         birth_date="2001-05-17", sex="F", birth_place="Conakry"),
    dict(id="e1", given_name="Mohammed", family_name="Al-Hassan", father_name="Khaled",
         birth_date="1961", sex="M", birth_place="Homs"),
    dict(id="f1", given_name="Fatima", family_name="Al-Hassan", father_name="",
         birth_date="", sex="F", birth_place=""),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(build_features(_records(REGISTRY)))


def _ask(index: SearchIndex, top: int = 10, **fields: str) -> list[tuple[str, float]]:
    row = build_features(_records([dict(id="q", **fields)])).iloc[0]
    return index.search(request_from_features(row), top=top)


def _weight(index: SearchIndex, record_id: str, **fields: str) -> float:
    row = build_features(_records([dict(id="q", **fields)])).iloc[0]
    chosen, total = index.score(request_from_features(row))
    where = list(index.ids[chosen]).index(record_id)  # a candidate, or this fails
    return float(total[where])


def test_transliteration_and_year_only_find_the_person(index: SearchIndex) -> None:
    found = _ask(index, given_name="MUHAMAD", family_name="ALHASAN", birth_date="1990")
    assert found[0][0] == "a1"
    # The other Mohammed Al-Hassan, 29 years older, comes after him.
    assert [r for r, _ in found].index("e1") > 0


def test_cyrillic_record_found_from_latin_request(index: SearchIndex) -> None:
    found = _ask(index, given_name="Oleksandr", family_name="Shevchenko", birth_date="1986")
    assert found[0][0] == "c1"


def test_swapped_names_and_a_variant_family_name(index: SearchIndex) -> None:
    found = _ask(index, given_name="Jallow", family_name="Fatoumata", birth_date="2001")
    assert found[0][0] == "d1"


def test_a_blank_field_is_unknown_not_a_mismatch(index: SearchIndex) -> None:
    # f1 has no father, date or place: asking with them neither helps nor hurts her.
    bare = _weight(index, "f1", given_name="Fatima", family_name="Hassan")
    asked = _weight(index, "f1", given_name="Fatima", family_name="Hassan", father_name="Ali",
                    birth_date="1970", birth_place="Aleppo")
    assert asked == pytest.approx(bare)
    # A father's name that disagrees does cost.
    same_father = _weight(index, "a1", given_name="Mohammed", father_name="Ali")
    other_father = _weight(index, "a1", given_name="Mohammed", father_name="Ibrahim")
    assert other_father < same_father


def test_the_brother_ranks_below_the_sought_person(index: SearchIndex) -> None:
    found = _ask(index, given_name="Mohamed", family_name="Al Hassan", father_name="Ali",
                 birth_date="1991", birth_place="Halab")
    ids = [r for r, _ in found]
    assert ids[0] == "a1" and ids.index("b1") > 0
    probabilities = [p for _, p in found]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(0.0 <= p <= 1.0 for p in probabilities)


def test_sex_disagreement_lowers_the_score(index: SearchIndex) -> None:
    male = _weight(index, "f1", given_name="Fatima", family_name="Hassan", sex="M")
    female = _weight(index, "f1", given_name="Fatima", family_name="Hassan", sex="F")
    assert female > male


def test_a_request_without_names_still_ranks_on_what_it_has(index: SearchIndex) -> None:
    found = _ask(index, birth_date="2001", birth_place="Conakry", sex="F")
    assert found[0][0] == "d1"


def test_agreeing_on_a_rare_name_counts_more_than_on_a_common_one() -> None:
    rows = [dict(id=f"m{i}", given_name="Mohammed", family_name=f"X{i:03d}") for i in range(200)]
    rows += [dict(id="z1", given_name="Zabihullah", family_name="Safi"),
             dict(id="z2", given_name="Mohammed", family_name="Safi")]
    index = SearchIndex(build_features(_records(rows)))
    rare = _weight(index, "z1", given_name="Zabihullah", family_name="Safi")
    common = _weight(index, "z2", given_name="Mohammed", family_name="Safi")
    assert rare > common + 5


def test_api_search_accepts_a_prebuilt_index(index: SearchIndex) -> None:
    requests = pd.DataFrame([dict(id="q1", given_name="Fatoumata", family_name="Jalloh"),
                             dict(id="q2", given_name="Nobody", family_name="Known")])
    found = api.search(index, requests, top=2)
    assert list(found.columns) == api.RESULT_COLUMNS
    first = found[found["request_id"] == "q1"]
    assert first.iloc[0]["record_id"] == "d1"
    assert first["rank"].tolist() == list(range(1, len(first) + 1))
    # No name near "Nobody Known": nothing is proposed rather than strangers.
    assert "q2" not in set(found["request_id"])


def test_probability_reflects_the_registry_size() -> None:
    small = SearchIndex(build_features(_records(REGISTRY)))
    found = dict(_ask(small, given_name="Mohammed", family_name="Al-Hassan", father_name="Ali",
                      birth_date="1990-03-04", sex="M", birth_place="Aleppo"))
    assert found["a1"] > 0.99
    assert not math.isnan(found["e1"]) and found["e1"] < found["a1"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):
    """A generated registry and requests as CSV files, with the truth kept aside."""
    folder = tmp_path_factory.mktemp("tracing")
    registry = generate_registry(3000, seed=7)
    requests = enquiry_requests(registry, 60, seed=8)
    registry_csv, requests_csv = folder / "registry.csv", folder / "requests.csv"
    registry.drop(columns=["person_id", "household_id"]).to_csv(registry_csv, index=False)
    requests.drop(columns=["person_id"]).to_csv(requests_csv, index=False)
    person = dict(zip(registry["id"], registry["person_id"], strict=True))
    sought = dict(zip(requests["id"], requests["person_id"], strict=True))
    return registry_csv, requests_csv, sought, person


def test_cli_search_on_generated_requests(generated, tmp_path: Path) -> None:
    registry_csv, requests_csv, sought, person = generated
    out = tmp_path / "results.csv"
    result = run("search", str(registry_csv), str(requests_csv), "--out", str(out), "--top", "10")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["request_id", "record_id", "rank", "match_probability"]
    by_request: dict[str, list[dict]] = {}
    for row in rows:
        by_request.setdefault(row["request_id"], []).append(row)
    for found in by_request.values():
        assert [int(r["rank"]) for r in found] == list(range(1, len(found) + 1))
        probabilities = [float(r["match_probability"]) for r in found]
        assert probabilities == sorted(probabilities, reverse=True)
    hits = sum(
        any(person[r["record_id"]] == sought[q] for r in found) for q, found in by_request.items()
    )
    # 3,000 records: the sought person is among the ten for nearly every request.
    assert hits / len(sought) >= 0.85


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,given_name,birth_date\nq1,Ali,1990\nq1,Omar,1991\n",
         "row 2, column 'id': duplicate id 'q1'"),
        ("id,given_name,birth_date\nq1,Ali,around 1990\n", "row 1, column 'birth_date'"),
        ("given_name\nAli\n", "no column 'id'"),
        ("", "empty"),
    ],
)
def test_search_refuses_bad_requests_without_output(generated, tmp_path: Path, content: str,
                                                    expected: str) -> None:
    registry_csv = generated[0]
    requests = tmp_path / "requests.csv"
    requests.write_text(content, encoding="utf-8")
    out = tmp_path / "results.csv"
    result = run("search", str(registry_csv), str(requests), "--out", str(out))
    assert result.returncode == 2
    assert expected in result.stderr
    assert not out.exists()


def test_search_refuses_a_bad_top(generated, tmp_path: Path) -> None:
    registry_csv, requests_csv = generated[0], generated[1]
    out = tmp_path / "results.csv"
    result = run("search", str(registry_csv), str(requests_csv), "--out", str(out), "--top", "0")
    assert result.returncode == 2 and "--top" in result.stderr
    assert not out.exists()


def test_enquiry_requests_describe_registry_people() -> None:
    registry = generate_registry(2000, seed=3)
    requests = enquiry_requests(registry, 200, seed=4)
    assert set(requests["person_id"]) <= set(registry["person_id"])
    assert requests["person_id"].is_unique
    years = requests["birth_date"][requests["birth_date"] != ""]
    assert years.str.fullmatch(r"\d{4}").all()  # a year at most
    # Some requests carry a place or a father's name, most do not.
    for column in ("birth_place", "father_name"):
        share = float(np.mean(requests[column] != ""))
        assert 0.1 < share < 0.6
    check_records(requests.drop(columns=["person_id"]))  # valid request files


def test_one_row_normalisation_agrees_with_the_feature_table() -> None:
    registry = generate_registry(1500, seed=5)
    requests = enquiry_requests(registry, 150, seed=6).drop(columns=["person_id"])
    checked = check_records(requests)
    features = with_spellings(build_features(checked), checked)
    for record, row in zip(checked.to_dict("records"), features.to_dict("records"), strict=True):
        assert request_from_record(record) == request_from_features(row)


def test_somali_orthography_is_near_not_a_mismatch() -> None:
    rows = [dict(id="s1", given_name="Cabdiraxmaan", family_name="Cumar", birth_date="1991"),
            dict(id="s2", given_name="Abdirahman", family_name="Warsame", birth_date="1991"),
            dict(id="s3", given_name="Liban", family_name="Umar", birth_date="1991")]
    index = SearchIndex(build_features(_records(rows)))
    found = _ask(index, given_name="Abdirahman", family_name="Umar", birth_date="1991")
    assert found[0][0] == "s1"


def _spelt_index(rows: list[dict]) -> SearchIndex:
    records = _records(rows)
    return SearchIndex(with_spellings(build_features(records), records))


def _ask_spelt(index: SearchIndex, **fields: str) -> list[str]:
    record = _records([dict(id="q", **fields)]).to_dict("records")[0]
    return [r for r, _ in index.search(request_from_record(record), top=10)]


def test_a_misspelt_record_does_not_outrank_the_well_spelt_one() -> None:
    # Asked as "Fofanah", the many Fofana records are an exact match and the one "Fofahna" a
    # near one: only a few records are near, but that makes the misspelling no likelier.
    rows = [dict(id=f"f{i:03d}", given_name=f"Name{i:03d}", family_name="Fofana",
                 birth_date="1960") for i in range(200)]
    rows += [dict(id="z1", given_name="Aminata", family_name="Fofahna", birth_date="1988"),
             dict(id="z2", given_name="Aminata", family_name="Fofana", birth_date="1988")]
    found = _ask(SearchIndex(build_features(_records(rows))), given_name="Aminata",
                 family_name="Fofanah", birth_date="1988")
    ids = [r for r, _ in found]
    assert ids.index("z2") < ids.index("z1")


def test_the_request_spelling_breaks_a_tie_between_namesakes() -> None:
    rows = [dict(id=f"m{i:03d}", given_name="Mohammed", family_name="Haddad",
                 birth_date="1950") for i in range(30)]
    # Two namesakes the same in all but the spelling; the record order favours the first.
    rows += [dict(id="a1", given_name="Mohammed", family_name="Haddad", birth_date="1990"),
             dict(id="a2", given_name="Mohamad", family_name="Haddad", birth_date="1990")]
    index = _spelt_index(rows)
    assert _ask_spelt(index, given_name="MOHAMAD", family_name="Haddad",
                      birth_date="1990")[0] == "a2"
    # Without the spellings (a features table), the two are tied: record order decides.
    plain = SearchIndex(build_features(_records(rows)))
    assert _ask(plain, given_name="MOHAMAD", family_name="Haddad", birth_date="1990")[0][0] == "a1"


def test_a_glued_article_is_the_same_name() -> None:
    rows = [dict(id="e1", given_name="Yasmin", family_name="Elshami", birth_date="1972"),
            dict(id="e2", given_name="Yasmin", family_name="Shamil", birth_date="1972")]
    found = _ask(SearchIndex(build_features(_records(rows))), given_name="Yasmin",
                 family_name="Al-Shami", birth_date="1972")
    assert found[0][0] == "e1"


def test_a_misspelt_table_spelling_is_read_as_its_name() -> None:
    # "Fatoumatta" is one letter from "Fatoumata", which the variant table reads as Fatima;
    # by letters alone it is nearer to "Fatou".
    rows = [dict(id="t2", given_name="Fatou", family_name="Diallo", birth_date="1987"),
            dict(id="t1", given_name="Fatima", family_name="Diallo", birth_date="1987")]
    index = SearchIndex(build_features(_records(rows)))
    asked = dict(given_name="Fatoumatta", family_name="Jallow", birth_date="1987")
    assert _weight(index, "t1", **asked) > _weight(index, "t2", **asked)


def test_an_estimated_date_forgives_a_year_off_more() -> None:
    rows = [dict(id="j1", given_name="Hawa", family_name="Sesay", birth_date="1990-01-01"),
            dict(id="j2", given_name="Hawa", family_name="Sesay", birth_date="1990-05-17")]
    index = SearchIndex(build_features(_records(rows)))
    estimated = _weight(index, "j1", given_name="Hawa", family_name="Sesay", birth_date="1991")
    exact = _weight(index, "j2", given_name="Hawa", family_name="Sesay", birth_date="1991")
    assert estimated > exact


def test_equal_weights_are_ordered_by_how_close_the_spelling_is() -> None:
    # Both have the skeleton of "Karimi" and so the same weight; the record order favours
    # the farther spelling.
    rows = [dict(id="k1", given_name="Nargis", family_name="Kareeme", birth_date="1990"),
            dict(id="k2", given_name="Nargis", family_name="Karime", birth_date="1990")]
    found = _ask(SearchIndex(build_features(_records(rows))), given_name="Nargis",
                 family_name="Karimi", birth_date="1990")
    assert [r for r, _ in found] == ["k2", "k1"]
    assert found[0][1] == found[1][1]


def test_french_ch_is_read_as_sh() -> None:
    rows = [dict(id="c1", given_name="Racha", family_name="Haddad"),
            dict(id="c2", given_name="Ransa", family_name="Haddad")]
    index = SearchIndex(build_features(_records(rows)))
    assert (_weight(index, "c1", given_name="Rasha", family_name="Haddad")
            > _weight(index, "c2", given_name="Rasha", family_name="Haddad"))


def test_a_glued_particle_is_left_out_when_comparing_letters() -> None:
    # "Alnajar" against "Al-Najdar" (normalised "najdar"): a near spelling once "al" is off.
    rows = [dict(id="g1", given_name="Mahmoud", family_name="Alnajar", birth_date="1979"),
            dict(id="g2", given_name="Mahmoud", family_name="Mansour", birth_date="1979")]
    index = SearchIndex(build_features(_records(rows)))
    asked = dict(given_name="Mahmud", family_name="Al-Najdar", birth_date="1979")
    assert _weight(index, "g1", **asked) > _weight(index, "g2", **asked) + 1


def _weight_spelt(index: SearchIndex, record_id: str, **fields: str) -> float:
    record = _records([dict(id="q", **fields)]).to_dict("records")[0]
    chosen, total = index.score(request_from_record(record))
    return float(total[list(index.ids[chosen]).index(record_id)])


FILLERS = [dict(id=f"x{i:03d}", given_name=f"Name{i:03d}", family_name=f"Family{i:03d}",
                birth_date="1940") for i in range(60)]


def test_a_typo_of_a_spelling_the_table_folds_is_near_that_name() -> None:
    # "Al-Sayed" is read as the name "said"; "Eltsayed" is one letter from "Elsayed", another
    # spelling of it in the registry, though far from "said" itself.
    rows = [*FILLERS,
            dict(id="s1", given_name="Amina", family_name="Al-Sayed", birth_date="1992"),
            dict(id="s2", given_name="Omar", family_name="Elsayed", birth_date="1950")]
    asked = dict(given_name="Amina", family_name="Eltsayed", birth_date="1992")
    index = _spelt_index(rows)
    # Without the spellings the index cannot know that "said" is also written "Elsayed".
    plain = SearchIndex(build_features(_records(rows)))
    assert _weight_spelt(index, "s1", **asked) > _weight(plain, "s1", **asked) + 3


def test_a_shared_skeleton_with_far_letters_is_weak() -> None:
    # "Hoda" and "Haddad" share the skeleton "hd"; "Hoda" and "Huda" are one name.
    rows = [*FILLERS, dict(id="h1", given_name="Huda", family_name="Khoury"),
            dict(id="h2", given_name="Haddad", family_name="Khoury")]
    index = SearchIndex(build_features(_records(rows)))
    asked = dict(given_name="Hoda", family_name="Khoury")
    assert _weight(index, "h1", **asked) > _weight(index, "h2", **asked) + 1.5
    # Written without vowels (Arabic script), the skeleton is all there is to compare.
    rows = [*FILLERS, dict(id="m1", given_name="Mahmoud", family_name="Khoury")]
    index = SearchIndex(build_features(_records(rows)))
    assert _ask(index, given_name="محمود", family_name="Khoury")[0][0] == "m1"


def test_an_explanation_adds_up_to_the_weight_the_search_ranked_by() -> None:
    registry = generate_registry(3_000, seed=9)
    records = registry.drop(columns=["person_id", "household_id"])
    index = api.search_index(records)
    requests = enquiry_requests(registry, 40, seed=10).drop(columns=["person_id"])
    for request in requests.to_dict("records"):
        found = api.search(index, pd.DataFrame([request]), top=5)
        explained = api.explain_search(index, request, list(found["record_id"]))
        for row, e in zip(found.itertuples(index=False), explained, strict=True):
            assert e.id_l == row.record_id and e.id_r == request["id"]
            assert abs(e.match_probability - row.match_probability) < 1e-5
            total = e.prior_weight + sum(f.weight for f in e.fields)
            assert abs(total - e.match_weight) < 0.01
            assert [f.field for f in e.fields] == list(EXPLAINED_FIELDS)
            for f in e.fields:  # a field either side leaves empty adds nothing
                assert f.category != "blank" or f.weight == 0


def test_an_explanation_names_each_fields_level() -> None:
    rows = [*FILLERS,
            dict(id="p1", given_name="Mohammed", family_name="Al-Hassan", birth_date="1990-04-03",
                 sex="M", father_name="Ali", birth_place="Aleppo")]
    index = api.search_index(_records(rows))
    asked = dict(id="q1", given_name="Muhammad", family_name="Alhasan", birth_date="1990-03-04",
                 sex="F", father_name="", birth_place="Aleppo")
    (e,) = api.explain_search(index, asked, ["p1"])
    levels = {f.field: f.level for f in e.fields}
    assert levels == {"given_name": "match: same name", "family_name": "match: same name",
                      "birth_date": "near: day and month swapped", "sex": "mismatch",
                      "birth_place": "match: same", "father_name": "blank",
                      "mother_name": "blank"}
    weights = {f.field: f.weight for f in e.fields}
    assert weights["sex"] < 0 < weights["birth_date"] and weights["father_name"] == 0
