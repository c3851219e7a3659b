"""The engine's public functions: dedupe, link, search and explain.

Records go in as pandas tables with the CSV columns (`id` and the fields in records.FIELDS);
pairs and search results come out as pandas tables; one pair's explanation is a frozen dataclass.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from engines.linkage import scoring
from engines.linkage.backends import Backend
from engines.linkage.comparisons import category
from engines.linkage.features import build_features
from engines.linkage.index import (
    SearchIndex,
    match_probability,
    request_from_features,
    request_from_record,
    with_spellings,
)
from engines.linkage.model import (
    HOUSEHOLD_CAP,
    HOUSEHOLD_FIELDS,
    HOUSEHOLD_MAX_BITS,
    PREDICTION_RULES,
    Model,
    columns_with_data,
    for_dialect,
    linker_for,
    splink_rules,
    train,
)
from engines.linkage.records import check_records

DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "default_model.json"
# Below this many records EM has too little to learn from: the shipped model is used instead.
MIN_RECORDS_TO_TRAIN = 5_000
PAIR_COLUMNS = ["id_l", "id_r", "match_probability"]
RECORDS_PER_CHUNK = 200_000
RESULT_COLUMNS = ["request_id", "record_id", "rank", "match_probability"]


@dataclass(frozen=True)
class FieldEvidence:
    field: str
    level: str  # the level's label, e.g. "near: day and month swapped"
    category: str  # match, near, mismatch or blank
    weight: float  # log2 Bayes factor this field added (term-frequency adjusted)


@dataclass(frozen=True)
class PairExplanation:
    id_l: str
    id_r: str
    match_probability: float
    match_weight: float
    prior_weight: float
    fields: tuple[FieldEvidence, ...]
    household_rule_applied: bool
    # Bits the names lost (or gained) for being counted together rather than one by one:
    # their dependence and their combination's frequency, measured in the file the pair was
    # ranked in (explain_within); 0 when the pair is explained on its own.
    names_correction: float = 0.0


def _features(records: pd.DataFrame) -> pd.DataFrame:
    if "unique_id" in records.columns:  # already features (the console command builds them)
        return records
    return build_features(check_records(records))


def model_for(features: pd.DataFrame, model: Model | Path | str | None, backend: Backend) -> Model:
    if isinstance(model, Model):
        return model
    if model is not None:
        return Model.load(model)
    if len(features) >= MIN_RECORDS_TO_TRAIN:
        return train(features, backend=backend)
    return Model.load(DEFAULT_MODEL)


ALL_PAIRS = "1=1"


def _blocking(rules, features: pd.DataFrame) -> list:
    """Blocking rules on keys the data has (a rule on an all-blank key finds nothing)."""
    if rules == ALL_PAIRS:
        return [ALL_PAIRS]
    return splink_rules(rules, columns_with_data(features))


def _restrict(
    settings: dict[str, Any], features: pd.DataFrame, rules, backend: Backend = "duckdb"
) -> dict[str, Any]:
    """Keep the model's comparisons, block only on keys the data has."""
    dialect = backend
    out = dict(for_dialect(settings, dialect))
    out["blocking_rules_to_generate_predictions"] = [
        rule if isinstance(rule, str) else rule.get_blocking_rule(dialect).as_dict()
        for rule in _blocking(rules, features)
    ]
    if len(features) < MIN_RECORDS_TO_TRAIN:
        # Name frequencies counted in a handful of records say nothing about how common a name
        # is (2 of 7 records named Oleksandr would cost the pair 5 bits): no adjustment then.
        out["comparisons"] = [_without_tf(c) for c in out["comparisons"]]
    out["retain_intermediate_calculation_columns"] = True
    # Splink 5 returns the level reached (gamma_*) only beside the compared values.
    out["retain_matching_columns"] = True
    return out


def _without_tf(comparison: dict[str, Any]) -> dict[str, Any]:
    levels = [
        {k: v for k, v in level.items() if not k.startswith("tf_")}
        for level in comparison["comparison_levels"]
    ]
    return {**comparison, "comparison_levels": levels}


def _gamma_names(frame: pd.DataFrame) -> list[str]:
    return [c[len("gamma_") :] for c in frame.columns if c.startswith("gamma_")]


def _weight(scored: pd.DataFrame, name: str) -> pd.Series:
    """The log2 Bayes factor one comparison added, term-frequency adjustment included."""
    weight = scored[f"mw_{name}"].astype(float).fillna(0.0)
    if f"mw_tf_adj_{name}" in scored.columns:
        weight = weight + scored[f"mw_tf_adj_{name}"].astype(float).fillna(0.0)
    return weight


def cap_household_evidence(scored: pd.DataFrame) -> pd.DataFrame:
    """Count what a household shares once, not once per field.

    Family name, parents' names, place, address and phone are shared by everyone in a
    household: given a shared phone, a shared address is no news. Summed as if independent
    (Fellegi–Sunter's assumption) they outweigh a different given name and date of birth, and
    siblings are merged. Their sum is capped at HOUSEHOLD_MAX_BITS — about what "same
    household" is worth — and the fields' reported weights are scaled to match, so that an
    explanation still adds up.
    """
    names = [n for n in HOUSEHOLD_FIELDS if f"mw_{n}" in scored.columns]
    if scored.empty or not names:
        return scored
    total = sum((_weight(scored, n) for n in names), pd.Series(0.0, index=scored.index))
    over = total > HOUSEHOLD_MAX_BITS
    if not over.any():
        return scored
    scored = scored.copy()
    factor = (HOUSEHOLD_MAX_BITS / total[over]).to_numpy()
    for name in names:
        for column in (f"mw_{name}", f"mw_tf_adj_{name}"):
            if column in scored.columns:
                scored.loc[over, column] = scored.loc[over, column].astype(float) * factor
    weight = scored["match_weight"].astype(float)
    weight[over] = weight[over] - total[over] + HOUSEHOLD_MAX_BITS
    scored["match_weight"] = weight
    scored["match_probability"] = 1.0 / (1.0 + np.exp2(-weight))
    return scored


def apply_household_rule(scored: pd.DataFrame, settings: dict[str, Any]) -> pd.DataFrame:
    """Household evidence counted once; then cap pairs whose given names disagree when the date
    does not agree or a father or phone is shared (siblings, parents and children), whatever the
    rest of the household says — unless a personal document number agrees."""
    scored = cap_household_evidence(scored)
    if scored.empty or "gamma_given_name" not in scored.columns:
        return scored.assign(household_rule=False)
    given = scored["gamma_given_name"] == 0  # the else level: the names disagree
    # A given name that is only the other's family name, with family names that disagree: in
    # patronymic naming that is a father (Yonas Tesfaye) and his child (Selam Yonas), not a
    # swap.
    swapped = _level(scored, "given_name", "near: swapped", settings)
    if "gamma_family_name" in scored.columns:
        given |= swapped & (scored["gamma_family_name"] == 0)
    dob_agrees = _agrees(scored, "birth_date", settings)
    shared = pd.Series(False, index=scored.index)
    for name in ("father_name", "phone"):
        if f"gamma_{name}" in scored.columns:
            shared |= _agrees(scored, name, settings)
    # Within one family (a father's name or a phone in common) dates of birth that share
    # nothing — years apart, no part alike — are two members, whatever their names: a son
    # named after his father, a girl after her grandmother. (An address alone is not enough:
    # a building or a camp block holds many families, and a date can be mistyped twice.)
    dates_differ = (
        scored["gamma_birth_date"] == 0
        if "gamma_birth_date" in scored.columns
        else pd.Series(False, index=scored.index)
    )
    # A document number belongs to one person: siblings do not share it.
    personal = _agrees(scored, "document_number", settings)
    rule = ((given & (~dob_agrees | shared)) | (shared & dates_differ)) & ~personal
    scored = scored.copy()
    scored.loc[rule, "match_probability"] = np.minimum(
        scored.loc[rule, "match_probability"], HOUSEHOLD_CAP
    )
    scored["household_rule"] = rule
    return scored


def _level(scored: pd.DataFrame, name: str, label: str, settings: dict[str, Any]) -> pd.Series:
    """The comparison sits on the level labelled `label` (Splink's gamma counts down from the
    first level that is not the null level)."""
    column = f"gamma_{name}"
    comparison = next(
        (c for c in settings["comparisons"] if c["output_column_name"] == name), None
    )
    if column not in scored.columns or comparison is None:
        return pd.Series(False, index=scored.index)
    levels = [lv["label_for_charts"] for lv in comparison["comparison_levels"]
              if not lv.get("is_null_level")]
    if label not in levels:
        return pd.Series(False, index=scored.index)
    return scored[column] == len(levels) - 1 - levels.index(label)


def _agrees(scored: pd.DataFrame, name: str, settings: dict[str, Any]) -> pd.Series:
    """The comparison sits on a match or near level (not blank, not mismatch)."""
    column = f"gamma_{name}"
    if column not in scored.columns:
        return pd.Series(False, index=scored.index)
    return scored[column] >= (2 if name == "birth_date" else 1)


def _score_within(features: pd.DataFrame, model: Model, backend: Backend) -> pd.DataFrame:
    if backend == "duckdb" and scoring.supports(model.settings):
        return _score_within_coded(features, model, model.threshold / 10)
    settings = _restrict(model.settings, features, PREDICTION_RULES, backend)
    linker = linker_for(features, settings, backend)
    # Large inputs are scored in slices of the left-hand records, so that only one slice's
    # candidate pairs are held at a time.
    chunks = max(1, math.ceil(len(features) / RECORDS_PER_CHUNK)) if backend == "duckdb" else None
    scored = linker.inference.predict(
        threshold_match_probability=model.threshold / 10, num_chunks_left=chunks
    )
    frame = _scores_only(scored, backend)
    return apply_household_rule(frame, model.settings)


def _score_within_coded(features: pd.DataFrame, model: Model, floor: float) -> pd.DataFrame:
    """The model's scores of the candidate pairs, computed on integer codes (engines.linkage.
    scoring) rather than in Splink's SQL: the same blocking rules, levels and weights, a
    fraction of the time and memory at a million records. Pairs below `floor` are dropped
    before the household rule (which only lowers scores)."""
    return _score_file(_file_scores(features, model), floor)


def _score_file(scores: FileScores, floor: float) -> pd.DataFrame:
    return _scored(scores, scoring.candidate_pairs(scores.coded, PREDICTION_RULES), floor)


def _scored(scores: FileScores, keys: np.ndarray, floor: float) -> pd.DataFrame:
    """The pairs `keys` (left * size + right) of the file, scored, by record id, with the
    household rule applied; those below `floor` dropped first."""
    chunks = list(
        scoring.score_chunks(scores.coded, keys, scores.model.settings, use_tf=scores.use_tf,
                             min_probability=floor, dependence=scores.dependence,
                             joint=scores.joint)
    )
    if not chunks:  # no candidate pairs at all
        return pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability"])
    scored = pd.concat(chunks, ignore_index=True)
    ids = scores.ids.to_numpy(dtype=object)
    scored.insert(0, "unique_id_r", ids[scored.pop("right").to_numpy()])
    scored.insert(0, "unique_id_l", ids[scored.pop("left").to_numpy()])
    return apply_household_rule(scored, scores.model.settings)


_SCORE_COLUMNS = ("unique_id_l", "unique_id_r", "match_weight", "match_probability")


def _scores_only(scored: Any, backend: Backend) -> pd.DataFrame:
    """The pairs with their levels and weights, without the compared values Splink retains
    beside them (on DuckDB: selected in SQL, so that a million-record job never holds them)."""
    if backend != "duckdb":
        return scored.as_pandas_dataframe()
    relation = scored.as_duckdbpyrelation()
    keep = [
        c for c in relation.columns if c in _SCORE_COLUMNS or c.startswith(("gamma_", "mw_"))
    ]
    return relation.select(", ".join(f'"{c}"' for c in keep)).df()


def dedupe(
    records: pd.DataFrame,
    *,
    backend: Backend = "duckdb",
    model: Model | Path | str | None = None,
    threshold: float | None = None,
) -> pd.DataFrame:
    """Pairs of records judged to be the same person: columns id_l, id_r, match_probability."""
    features = _features(records)
    chosen = model_for(features, model, backend)
    scored = _score_within(features, chosen, backend)
    return _pairs(scored, chosen.threshold if threshold is None else threshold)


def _pairs(scored: pd.DataFrame, threshold: float) -> pd.DataFrame:
    if scored.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    kept = scored[scored["match_probability"] >= threshold]
    left = kept["unique_id_l"].astype(str)
    right = kept["unique_id_r"].astype(str)
    out = pd.DataFrame(
        {
            "id_l": np.where(left <= right, left, right),
            "id_r": np.where(left <= right, right, left),
            "match_probability": kept["match_probability"].round(6).to_numpy(),
        }
    )
    return out.sort_values(["id_l", "id_r"]).reset_index(drop=True)


def link(
    left: pd.DataFrame,
    right: pd.DataFrame,
    *,
    backend: Backend = "duckdb",
    model: Model | Path | str | None = None,
    threshold: float | None = None,
) -> pd.DataFrame:
    """Pairs (left id, right id) judged to be the same person."""
    left_f, right_f = _features(left), _features(right)
    chosen = model_for(pd.concat([left_f, right_f], ignore_index=True), model, backend)
    scored = _score_between(left_f, right_f, chosen, backend, PREDICTION_RULES)
    kept = scored[scored["match_probability"] >= (chosen.threshold if threshold is None else threshold)]
    return pd.DataFrame(
        {
            "id_l": kept["unique_id_l"].astype(str).to_numpy(),
            "id_r": kept["unique_id_r"].astype(str).to_numpy(),
            "match_probability": kept["match_probability"].round(6).to_numpy(),
        }
    ).sort_values(["id_l", "id_r"]).reset_index(drop=True)


def _score_between(
    left: pd.DataFrame, right: pd.DataFrame, model: Model, backend: Backend, rules
) -> pd.DataFrame:
    # Ids may repeat across the two sides: prefix them so Splink keeps them apart.
    left = left.assign(unique_id="l:" + left["unique_id"])
    right = right.assign(unique_id="r:" + right["unique_id"])
    both = pd.concat([left, right], ignore_index=True)
    settings = _restrict(model.settings, both, rules, backend)
    linker = linker_for(both, settings, backend)
    blocking = _blocking(rules, both)
    db = linker._db_api
    tables = [db.register(left), db.register(right)]
    for column in _tf_columns(settings):
        linker.table_management.compute_tf_table(column)
    scored = linker.inference.predict_between(
        tables[0], tables[1], blocking_rules_to_generate_predictions=blocking
    ).as_pandas_dataframe()
    scored = apply_household_rule(scored, model.settings)
    for side in ("l", "r"):
        ids = scored[f"unique_id_{side}"].astype(str)
        scored[f"source_{side}"] = ids.str[:1]
        scored[f"unique_id_{side}"] = ids.str[2:]
    flipped = scored["source_l"] == "r"
    if flipped.any():
        scored.loc[flipped, ["unique_id_l", "unique_id_r"]] = scored.loc[
            flipped, ["unique_id_r", "unique_id_l"]
        ].to_numpy()
    return scored


def _tf_columns(settings: dict[str, Any]) -> list[str]:
    columns = []
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("tf_adjustment_column") and level["tf_adjustment_column"] not in columns:
                columns.append(level["tf_adjustment_column"])
    return columns


def search_index(registry: pd.DataFrame) -> SearchIndex:
    """The tracing index of a registry (records as CSV columns): build once, search many times.

    Built from records, the index also keeps each name's spelling as written (see
    index.with_spellings); from a features table, only the canonical names."""
    if "unique_id" in registry.columns:
        return SearchIndex(registry)
    checked = check_records(registry)
    return SearchIndex(with_spellings(build_features(checked), checked))


def search(
    registry: pd.DataFrame | SearchIndex,
    requests: pd.DataFrame,
    *,
    top: int = 10,
) -> pd.DataFrame:
    """For each request, the best `top` registry records: request_id, record_id, rank, probability.

    The registry is scanned in memory by the tracing index (engines.linkage.index), built here
    unless a prebuilt SearchIndex is passed (build it once to answer many searches). The index
    scores with its own per-request term-frequency-adjusted weights and needs no SQL engine.
    """
    index = registry if isinstance(registry, SearchIndex) else search_index(registry)
    if "unique_id" in requests.columns:  # already features (the console command builds them)
        asked = [(str(row["unique_id"]), request_from_features(row))
                 for row in requests.to_dict("records")]
    else:  # checked, then normalised row by row: cheaper than a table for a few requests
        asked = [(str(row["id"]), request_from_record(row))
                 for row in check_records(requests).to_dict("records")]
    rows: list[tuple[str, str, int, float]] = []
    for request_id, request in asked:
        found = index.search(request, top=top)
        rows.extend(
            (request_id, record_id, rank, round(probability, 6))
            for rank, (record_id, probability) in enumerate(found, start=1)
        )
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def explain_search(index: SearchIndex, request: dict, record_ids: list[str]
                   ) -> list[PairExplanation]:
    """Records of the index (by id) against one request (a record's CSV columns), each
    explained with the weights `search` ranked it by, field by field: the probability is the
    one the search gave. id_l is the record, id_r the request's id."""
    asked = request_from_record(check_records(pd.DataFrame([request]).astype(str))
                                .to_dict("records")[0])
    prior = index.prior_weight
    out = []
    for record_id, (total, fields) in zip(
            record_ids, index.explain(asked, index.rows_of(record_ids)), strict=True):
        weight = total + prior
        out.append(PairExplanation(
            id_l=str(record_id), id_r=str(request.get("id", "")),
            match_probability=float(match_probability(weight)), match_weight=round(weight, 3),
            prior_weight=round(prior, 3),
            fields=tuple(FieldEvidence(field, level, category(level), round(w, 3))
                         for field, level, w in fields),
            household_rule_applied=False))
    return out


def explain(
    record_l: pd.DataFrame | dict,
    record_r: pd.DataFrame | dict,
    *,
    model: Model | Path | str | None = None,
) -> PairExplanation:
    """Field by field: which level each comparison reached and the weight it added."""
    left = pd.DataFrame([record_l]) if isinstance(record_l, dict) else record_l
    right = pd.DataFrame([record_r]) if isinstance(record_r, dict) else record_r
    left_f, right_f = _features(left.astype(str)), _features(right.astype(str))
    chosen = model if isinstance(model, Model) else Model.load(model or DEFAULT_MODEL)
    scored = _score_between(left_f, right_f, chosen, "duckdb", ALL_PAIRS)
    if scored.empty:
        raise ValueError("the two records could not be compared")
    row = scored.iloc[0]
    return _explanation(row, chosen.settings)


def _explanation(row: pd.Series, settings: dict[str, Any]) -> PairExplanation:
    fields = []
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        gamma = int(row.get(f"gamma_{name}", -1))
        # Splink numbers levels: the null level -1, then from the top level n-1 down to else 0.
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        label = "blank" if gamma < 0 else levels[len(levels) - 1 - gamma]["label_for_charts"]
        weight = float(row.get(f"mw_{name}", 0.0) or 0.0)
        weight += float(row.get(f"mw_tf_adj_{name}", 0.0) or 0.0)
        fields.append(FieldEvidence(name, label, category(label), round(weight, 3)))
    prior = settings["probability_two_random_records_match"]
    correction = row.get("mw_name_dependence", 0.0)
    correction = 0.0 if correction is None or pd.isna(correction) else float(correction)
    return PairExplanation(
        id_l=str(row["unique_id_l"]),
        id_r=str(row["unique_id_r"]),
        match_probability=float(row["match_probability"]),
        match_weight=float(row["match_weight"]),
        prior_weight=round(math.log2(prior / (1 - prior)), 3),
        fields=tuple(fields),
        household_rule_applied=bool(row.get("household_rule", False)),
        names_correction=round(correction, 3),
    )


def explain_many(
    records_l: pd.DataFrame,
    records_r: pd.DataFrame,
    *,
    model: Model | Path | str | None = None,
) -> list[PairExplanation]:
    """Every pair of the cross product of two small tables, explained in one scoring pass.

    `explain` costs a fixed start-up per call; callers that store explanations for a handful of
    pairs (tracing candidates, deduplication clusters) pay it once here. The cross product is
    scored whole: keep each side to a few hundred records.
    """
    if records_l.empty or records_r.empty:
        return []
    left_f, right_f = _features(records_l.astype(str)), _features(records_r.astype(str))
    chosen = model if isinstance(model, Model) else Model.load(model or DEFAULT_MODEL)
    scored = _score_between(left_f, right_f, chosen, "duckdb", ALL_PAIRS)
    return [_explanation(row, chosen.settings) for _, row in scored.iterrows()]


@dataclass(frozen=True)
class FileScores:
    """What a deduplication of one file scores its pairs with: the model and the file's own
    frequencies (names, dates, and names counted together). Build once per file
    (`file_scores`), then explain any of its pairs as the deduplication ranked them."""

    ids: pd.Index
    coded: scoring.Coded
    model: Model
    use_tf: bool
    dependence: dict[frozenset[str], float]
    joint: list[scoring.JointFrequency]


def file_scores(records: pd.DataFrame, *, model: Model | Path | str | None = None) -> FileScores:
    """The scoring context of `records` (CSV columns or features) under `model` (trained on the
    file when None, as `dedupe` does)."""
    features = _features(records)
    chosen = model_for(features, model, "duckdb")
    if not scoring.supports(chosen.settings):
        raise ValueError("the model's comparisons are not known to the coded scorer")
    return _file_scores(features, chosen)


def _file_scores(features: pd.DataFrame, model: Model) -> FileScores:
    coded = scoring.encode(features)
    # As in _restrict: name frequencies in a handful of records say nothing.
    use_tf = len(features) >= MIN_RECORDS_TO_TRAIN
    names = [c["output_column_name"] for c in model.settings["comparisons"]]
    return FileScores(
        ids=pd.Index(features["unique_id"].astype(str)),
        coded=coded,
        model=model,
        use_tf=use_tf,
        dependence=scoring.name_dependence(coded, names) if use_tf else {},
        joint=scoring.joint_frequencies(coded, names) if use_tf else [],
    )


def dedupe_within(scores: FileScores, threshold: float | None = None) -> pd.DataFrame:
    """`dedupe` of the file `scores` was built from (file_scores), with its codes and
    frequencies counted once: the same pairs, which explain_within(scores, ...) then explains
    as they were ranked."""
    model = scores.model
    return _pairs(_score_file(scores, model.threshold / 10),
                  model.threshold if threshold is None else threshold)


def explain_within(scores: FileScores, pairs: list[tuple[str, str]]) -> list[PairExplanation]:
    """Pairs of records of one file (by id), explained with the weights `dedupe` ranked them
    by — term frequencies, name dependence and combination frequencies of that file — so that
    an explanation's probability is the deduplication's. Unknown ids raise KeyError."""
    if not pairs:
        return []
    n = scores.coded.size
    left = scores.ids.get_indexer([a for a, _ in pairs])
    right = scores.ids.get_indexer([b for _, b in pairs])
    if (left < 0).any() or (right < 0).any():
        raise KeyError("a pair names a record that is not in the file")
    low, high = np.minimum(left, right).astype(np.int64), np.maximum(left, right).astype(np.int64)
    distinct = low != high  # a record is not compared with itself
    keys = np.unique(low[distinct] * n + high[distinct])
    if len(keys) == 0:
        return []
    scored = _scored(scores, keys, 0.0)
    return [_explanation(row, scores.model.settings) for _, row in scored.iterrows()]
