"""The coded scorer against Splink's own predict: same pairs, levels and weights."""

import numpy as np
import pandas as pd
import pytest

from engines.linkage import api, scoring
from engines.linkage.features import build_features
from engines.linkage.generator import generate_registry
from engines.linkage.model import PREDICTION_RULES, Model


@pytest.fixture(scope="module")
def features() -> pd.DataFrame:
    registry = generate_registry(6_000, seed=5).drop(columns=["person_id", "household_id"])
    return build_features(registry)


def _splink_scores(features: pd.DataFrame, model: Model) -> pd.DataFrame:
    settings = api._restrict(model.settings, features, PREDICTION_RULES, "duckdb")
    linker = api.linker_for(features, settings, "duckdb")
    return api._scores_only(linker.inference.predict(), "duckdb")


def test_coded_scores_equal_splink(features: pd.DataFrame) -> None:
    model = Model.load(api.DEFAULT_MODEL)
    assert scoring.supports(model.settings)
    coded = scoring.encode(features)
    pairs = scoring.candidate_pairs(coded, PREDICTION_RULES)
    ours = pd.concat(scoring.score_chunks(coded, pairs, model.settings, use_tf=True, min_probability=0.0))
    ids = features["unique_id"].to_numpy(dtype=object)
    ours.index = ids[ours["left"]] + "|" + ids[ours["right"]]
    theirs = _splink_scores(features, model)
    theirs.index = theirs["unique_id_l"].astype(str) + "|" + theirs["unique_id_r"].astype(str)
    assert len(ours) > 1000
    assert set(ours.index) == set(theirs.index)
    theirs = theirs.loc[ours.index]
    for column in [c for c in theirs.columns if c.startswith(("gamma_", "mw_", "match_"))]:
        np.testing.assert_allclose(
            ours[column].astype(float), theirs[column].astype(float), atol=1e-9, err_msg=column
        )


def test_a_model_with_other_levels_is_left_to_splink() -> None:
    model = Model.load(api.DEFAULT_MODEL)
    settings = {**model.settings, "comparisons": [dict(c) for c in model.settings["comparisons"]]}
    first = settings["comparisons"][0]
    first["comparison_levels"] = first["comparison_levels"][:-2] + first["comparison_levels"][-1:]
    assert not scoring.supports(settings)


def test_names_of_one_culture_are_counted_dependent(features: pd.DataFrame) -> None:
    coded = scoring.encode(features)
    dependence = scoring.name_dependence(coded, ["given_name", "family_name", "father_name"])
    # Cultures share their names: agreement on all three is commoner than the product says.
    assert dependence[frozenset({"given_name", "family_name", "father_name"})] > 1.0
    assert all(bits >= 0 for bits in dependence.values())


def test_independent_columns_need_no_correction() -> None:
    rng = np.random.default_rng(0)
    n = 20_000
    frame = pd.DataFrame(
        {
            column: pd.Series(rng.choice([f"{column}{i}" for i in range(30)], n), dtype="string")
            for column in ("given_sk", "family_sk")
        }
    )
    coded = scoring.encode(frame)
    dependence = scoring.name_dependence(coded, ["given_name", "family_name"])
    assert dependence[frozenset({"given_name", "family_name"})] < 0.1


def test_candidate_pairs_are_every_pair_sharing_a_key() -> None:
    frame = pd.DataFrame({"phone": pd.Series(["1", "1", None, "2", "1", "2"], dtype="string")})
    coded = scoring.encode(frame)
    pairs = scoring.candidate_pairs(coded, (("phone",),))
    found = {(int(p // 6), int(p % 6)) for p in pairs}
    assert found == {(0, 1), (0, 4), (1, 4), (3, 5)}


def test_namesakes_sharing_a_father_with_unlike_dates_are_not_merged() -> None:
    # Same names, father and phone (one block: names, father, decade); dates years apart.
    records = pd.DataFrame([
        dict(id=pk, given_name="Mohammed", family_name="Haddad", father_name="Ali",
             birth_date=born, phone="+963944000001")
        for pk, born in (("s1", "1980-02-11"), ("s2", "1987-09-23"))])
    features = build_features(records)
    scored = api._score_within(features, Model.load(api.DEFAULT_MODEL), "duckdb")
    assert len(scored) == 1 and bool(scored["household_rule"].iloc[0])
    assert api.dedupe(records).empty


def _two_namesakes(given: str, family: str, others: list[tuple[str, str]]) -> pd.DataFrame:
    records = [
        dict(id=f"p{i}", given_name=g, family_name=f, birth_date="1990", sex="M")
        for i, (g, f) in enumerate([(given, family), (given, family), *others])
    ]
    return build_features(pd.DataFrame(records))


def _first_pair_weight(features: pd.DataFrame, *, joint: bool) -> float:
    model = Model.load(api.DEFAULT_MODEL)
    coded = scoring.encode(features)
    names = [c["output_column_name"] for c in model.settings["comparisons"]]
    frequencies = scoring.joint_frequencies(coded, names) if joint else []
    pairs = np.array([1], dtype=np.int64)  # records 0 and 1: 0 * n + 1
    scored = pd.concat(
        scoring.score_chunks(coded, pairs, model.settings, use_tf=True, min_probability=0.0,
                             dependence=scoring.name_dependence(coded, names), joint=frequencies)
    )
    return float(scored["match_weight"].iloc[0])


def test_a_rare_combination_of_common_names_weighs_more_than_a_common_one() -> None:
    # Ahmed and Hassan are each as common in both files; only their combination differs.
    common = _two_namesakes(
        "Ahmed", "Hassan", [("Ahmed", "Hassan")] * 40 + [("Omar", "Karimi")] * 40
    )
    rare = _two_namesakes(
        "Ahmed", "Hassan", [("Ahmed", "Karimi")] * 40 + [("Omar", "Hassan")] * 40
    )
    # Counted name by name the two pairs look alike ...
    assert abs(_first_pair_weight(common, joint=False) - _first_pair_weight(rare, joint=False)) < 1.0
    # ... counted as a combination, two Ahmed Hassans among 82 records are worth ~4 bits more
    # when nobody else is called Ahmed Hassan.
    assert _first_pair_weight(rare, joint=True) - _first_pair_weight(common, joint=True) > 3.0


def test_explanations_within_the_file_give_the_probability_dedupe_ranked_by(
    features: pd.DataFrame,
) -> None:
    model = Model.load(api.DEFAULT_MODEL)
    pairs = api.dedupe(features, model=model)
    assert len(pairs) > 50
    scores = api.file_scores(features, model=model)
    # The file's codes and frequencies, built once, give dedupe's very pairs.
    pd.testing.assert_frame_equal(api.dedupe_within(scores), pairs)
    explained = api.explain_within(scores, list(zip(pairs["id_l"], pairs["id_r"], strict=True)))
    by_pair = {(e.id_l, e.id_r): e for e in explained}
    for id_l, id_r, probability in pairs.itertuples(index=False):
        e = by_pair[(id_l, id_r)] if (id_l, id_r) in by_pair else by_pair[(id_r, id_l)]
        assert abs(e.match_probability - probability) < 1e-5
        # Prior, fields and the names' correction add up to the pair's weight.
        total = e.prior_weight + sum(f.weight for f in e.fields) + e.names_correction
        assert abs(total - e.match_weight) < 0.01
    # Names counted together do change weights in a file of one population.
    assert any(e.names_correction != 0 for e in explained)


def test_a_contact_block_trains_only_where_the_contact_is_personal(features: pd.DataFrame) -> None:
    from engines.linkage import model as model_module

    assert model_module._one_person_block(features, ("dob", "address"))
    # A registry with addresses cut to the kind of site ("12 Camp 3" -> "camp"): a date and an
    # address then bring together strangers, and EM must not learn from them. Strangers sharing
    # a date grow with the square of the registry, duplicates only with its size: at 6,000
    # records the block is still half one person's pairs, at 20,000 strangers dominate.
    larger = build_features(
        generate_registry(20_000, seed=5).drop(columns=["person_id", "household_id"]))
    coarse = larger.assign(
        address=larger["address"].str.replace(r"^\d+ (\w+) \d+$", r"\1", regex=True)
    )
    assert coarse["address"].nunique() < 10
    assert not model_module._one_person_block(coarse, ("dob", "address"))
