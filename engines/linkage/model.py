"""The Fellegi–Sunter model on Splink: settings, unsupervised training, saving and loading."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from engines.linkage.backends import Backend, database_api
from engines.linkage.comparisons import comparisons_for

# Splink is imported where a model is trained or a linker built (see comparisons.py: the web
# processes load this module for the model's settings and never build a linker).
if TYPE_CHECKING:
    from splink import Linker, SettingsCreator

logging.getLogger("splink").setLevel(logging.ERROR)
# Splink reads Arrow-backed columns through a pandas attribute that pandas now deprecates.
warnings.filterwarnings("ignore", message="ArrowStringArray._data", category=FutureWarning)

# Candidate pairs: each rule keys on sound-alike skeletons or phonetic codes, never on raw
# spellings, so that "Mohammed Al-Hassan" and "MUHAMAD ALHASAN" share a block; swapped names
# share `name_set`. Names alone are not selective in this population (a few dozen given names
# per culture), so every rule adds a second kind of evidence — a date part, a parent, a contact
# — and the number of pairs grows with the registry, not with its square. Between them the
# rules survive any one corrupted field: a year off (name + day and month), a missing or wrong
# date (names + father), a misspelt name (date + the other name or a phonetic code).
PREDICTION_RULES = (
    ("name_set", "by"),
    ("name_set", "bm", "bd"),
    # The decade, not the year: a year off or a year-only estimate still meets.
    ("given_sk", "family_sk", "father_sk", "bdec"),
    ("given_sk", "father_sk", "by"),
    ("dob", "father_sk"),
    ("dob", "family_mp"),
    ("dob", "given_mp"),
    ("document",),
    ("phone", "by"),
    ("phone", "sex"),
    ("postcode", "dob"),
    ("postcode", "family_mp"),
    ("postcode", "given_mp"),
    ("address", "sex"),
    ("address", "family_mp"),
    # Without the date: a blank or estimated birth date and a changed phone or address left
    # about an eighth of true pairs out of every block above. Names with a personal field
    # (a parent, the place, a contact), the given name read through the nickname table.
    ("given_nk", "phone"),
    ("given_nk", "address"),
    ("given_sk", "family_sk", "father_sk", "place"),
    # Names with a parent or the place are namesakes by the hundred in a large registry: those
    # rules pair only records of which one has no birth date ("?by", see scoring.rule_parts),
    # which is what the date rules above cannot reach (6% of their pairs, 93% of what they
    # found on the tuning seed).
    ("given_nk", "father_sk", "mother_sk", "?by"),
    ("name_set", "mother_sk", "?by"),
    ("name_set", "father_sk", "?by"),
    ("given_nk", "family_sk", "place", "?by"),
    ("given_nk", "place", "by"),
    # Estimated ages, each office guessing its own year.
    ("name_set", "est"),
    # A year off with a misspelt name: day and month with the names that survived.
    ("given_nk", "father_sk", "bm", "bd"),
    ("family_sk", "father_sk", "bm", "bd"),
    ("given_nk", "place", "bm", "bd"),
    ("family_sk", "given_mp", "by"),
)
# EM blocks: names in this population repeat a lot (a few dozen given names per culture), so a
# block on names alone is mostly different people, and EM then learns "same culture" or "same
# household" instead of "same person". Each block below keys on three personal fields, so that
# it holds mostly true matches, and leaves out the field whose m it is there to estimate.
TRAINING_RULES = (
    # A personal document number, where a file has one, holds almost only true matches and
    # leaves every other field to estimate: one session instead of several.
    ("document",),
    # A date of birth with a phone or an address: twins aside, only one person — and no name
    # in the key, so the names' levels (a swap, a misspelling) are seen as they occur among
    # true matches. In a large registry a block keyed on names is mostly namesakes (at 1M,
    # same given, family and father's name in one decade: 3% true matches), and EM learns
    # "same culture" from it.
    ("dob", "phone"),
    ("dob", "address"),
    ("given_sk", "family_sk", "dob"),
    # The date's levels from blocks that leave it out: names with a phone or an address
    # (namesakes in one household are father and son, told apart by the father's name).
    ("given_sk", "family_sk", "father_sk", "phone"),
    ("given_sk", "family_sk", "father_sk", "address"),
    # Fallback for the date where a file has no usable contact field (at a million records
    # mostly namesakes: see above).
    ("given_sk", "family_sk", "father_sk", "bdec"),
    ("family_sk", "dob", "father_sk"),
    ("given_sk", "dob", "father_sk"),
    ("given_sk", "family_sk", "dob_b"),
    # Where there is no father's name (FEBRL-style files), the names' m values come from
    # blocks keyed on the date with a contact field.
    ("dob", "postcode"),
    # Fallbacks, run only when a session above failed to estimate the names.
    ("family_sk", "dob"),
    ("given_sk", "dob"),
)
# Blocks keyed on a contact field are person-level only where the field is personal: a phone
# or an address shared by a whole camp block makes "same date, same address" a crowd. Such a
# session runs only if its pairs look like one person (see _one_person_block).
CONTACT_RULES = {rule for rule in TRAINING_RULES if {"phone", "address"} & set(rule)}
# Pairs below which EM on a block learns noise; the share of its pairs that must agree on a
# field outside the key (the given name, else the birth year within one) to call it personal.
MIN_BLOCK_PAIRS = 30
MIN_PERSONAL_SHARE = 0.5
# The feature columns each comparison reads (Splink leaves a comparison out of an EM session
# blocked on any of them). The copies by_b, dob_b and bdec are deliberately absent.
COMPARISON_INPUTS: dict[str, set[str]] = {
    "given_name": {"given", "given_sk", "given_kn", "given1", "given1_sk", "family_x_sk", "given_nk"},
    "family_name": {"family", "family_sk", "given_x_sk", "father_x_sk"},
    "birth_date": {"by", "bm", "bd", "dob", "dob_swap"},
    "father_name": {"father", "father_sk"},
    "mother_name": {"mother", "mother_sk"},
    "sex": {"sex"},
    "birth_place": {"place"},
    "nationality": {"nationality"},
    "address": {"address"},
    "locality": {"locality"},
    "postcode": {"postcode"},
    "phone": {"phone"},
    "document_number": {"document"},
}
# The household rule: a given name that disagrees, with a date of birth that does not agree or a
# shared father or phone, is a sibling, a parent or a child — not the same person — however much
# household evidence (family name, father, place, phone) the pair shares.
HOUSEHOLD_CAP = 0.01
# What a household shares: everyone in it may carry the same values, so together these fields
# say "same household" — worth about HOUSEHOLD_MAX_BITS — however many of them agree.
HOUSEHOLD_FIELDS = (
    "family_name",
    "father_name",
    "mother_name",
    "birth_place",
    "nationality",
    "address",
    "locality",
    "postcode",
    "phone",
)
HOUSEHOLD_MAX_BITS = 18.0


@dataclass(frozen=True)
class Model:
    """A trained model: Splink's settings JSON plus the decision threshold."""

    settings: dict[str, Any] = field(hash=False)
    threshold: float = 0.5

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        payload = {"corridor_threshold": self.threshold, **self.settings}
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(payload, indent=1))
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, path: Path | str) -> Model:
        payload = json.loads(Path(path).read_text())
        threshold = float(payload.pop("corridor_threshold", 0.5))
        return cls(settings=payload, threshold=threshold)

    def weights(self) -> dict[str, list[tuple[str, float]]]:
        """comparison -> [(level label, log2 Bayes factor)], for checking plausibility."""
        out: dict[str, list[tuple[str, float]]] = {}
        for comparison in self.settings["comparisons"]:
            rows = []
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                m, u = level.get("m_probability"), level.get("u_probability")
                weight = math.log2(m / u) if m and u else float("nan")
                rows.append((level["label_for_charts"], round(weight, 2)))
            out[comparison["output_column_name"]] = rows
        return out


def for_dialect(settings: dict[str, Any], dialect: str) -> dict[str, Any]:
    """The same trained model with its SQL written for another backend (DuckDB -> Spark).

    Comparison SQL is dialect-specific (jaro_winkler_similarity vs jaro_winkler), so the
    comparisons are rebuilt for `dialect` and the learned m/u copied over level by level.
    """
    from splink import SettingsCreator

    if settings.get("sql_dialect") == dialect:
        return settings
    from engines.linkage.comparisons import COMPARISONS

    names = [c["output_column_name"] for c in settings["comparisons"]]
    creators = [COMPARISONS[name][1]() for name in names]
    rebuilt = SettingsCreator(
        link_type=settings["link_type"],
        unique_id_column_name="unique_id",
        comparisons=creators,
        probability_two_random_records_match=settings["probability_two_random_records_match"],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    ).create_settings_dict(dialect)
    learned = {
        (c["output_column_name"], lv["label_for_charts"]): lv
        for c in settings["comparisons"]
        for lv in c["comparison_levels"]
    }
    for comparison in rebuilt["comparisons"]:
        for level in comparison["comparison_levels"]:
            source = learned.get((comparison["output_column_name"], level["label_for_charts"]), {})
            for key in ("m_probability", "u_probability", "tf_minimum_u_value"):
                if source.get(key) is not None:
                    level[key] = source[key]
    return rebuilt


def columns_with_data(features: pd.DataFrame) -> set[str]:
    return {c for c in features.columns if features[c].notna().any()}


def _settings(features: pd.DataFrame) -> SettingsCreator:
    from splink import SettingsCreator

    present = columns_with_data(features)
    rules = splink_rules(PREDICTION_RULES, present)
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons_for(present),
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        probability_two_random_records_match=1e-4,
        # EM settles within a few passes on these person-level blocks; 25 passes cost time only.
        max_iterations=10,
    )


def splink_rules(rules, present: set[str]) -> list:
    """Splink's blocking rules for `rules` (scoring.rule_parts) on keys the data has: block_on,
    or SQL where the rule asks for a column blank on one side."""
    from splink import block_on
    from splink.blocking_rule_library import CustomRule

    from engines.linkage.scoring import rule_parts

    out: list = []
    for rule in rules:
        keys, blank = rule_parts(rule)
        if not set(keys) <= present:
            continue
        if not blank:
            out.append(block_on(*keys))
            continue
        sql = " AND ".join(
            [f'l."{c}" = r."{c}"' for c in keys]
            + [f'(l."{c}" IS NULL OR r."{c}" IS NULL)' for c in blank]
        )
        out.append(CustomRule(sql, sql_dialect="duckdb"))  # transpiled for Spark by Splink
    return out


def linker_for(
    features: pd.DataFrame | list[pd.DataFrame],
    settings: SettingsCreator | dict[str, Any],
    backend: Backend = "duckdb",
) -> Linker:
    from splink import Linker

    db = database_api(backend)
    frames = features if isinstance(features, list) else [features]
    if backend == "spark":

        frames = [_to_spark(f) for f in frames]
    tables = [db.register(f) for f in frames]
    return Linker(tables if len(tables) > 1 else tables[0], settings, log_level=logging.ERROR)


def _to_spark(frame: pd.DataFrame) -> Any:
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    from engines.linkage.backends import spark_session

    fields = [
        StructField(c, StringType() if frame[c].dtype == "string" else LongType(), True)
        for c in frame.columns
    ]
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
    return spark_session().createDataFrame(list(rows), schema=StructType(fields))


# Records a model is trained on at most (see `train`).
TRAIN_SAMPLE = 100_000
# The decision threshold of a trained model: the textbook 0.5. It was 0.8 while the names'
# weights were summed as if independent (EM's probabilities came out overconfident); the
# deduplication scorer now measures that dependence in the file and takes it off
# (scoring.name_dependence).
TRAINED_THRESHOLD = 0.5



def train(
    features: pd.DataFrame,
    *,
    backend: Backend = "duckdb",
    seed: int = 42,
    u_pairs: float = 1.5e5,
    em_pairs: float = 2e6,
    threshold: float = TRAINED_THRESHOLD,
    max_records: int = TRAIN_SAMPLE,
) -> Model:
    """Learn u by random sampling and m by EM on person-level blocks — no labels needed.

    Large inputs are trained on a uniform sample of `max_records` records: sampling keeps a
    pair with the same chance whether it is a match or not, so the share of matches in each EM
    block, the u values and the prior stay what they are in the whole file, while the blocks
    hold (max_records / n)² as many pairs. Term frequencies are counted on the whole input when
    the model is used.
    """
    from splink import block_on

    if len(features) > max_records:
        features = features.sample(n=max_records, random_state=seed)
    linker = linker_for(features, _settings(features), backend)
    present = columns_with_data(features)
    training = linker.training
    exact_rule = [c for c in ("given_sk", "family_sk", "dob") if c in present]
    if exact_rule:
        # Too few exact pairs to estimate from: keep the prior in the settings.
        with contextlib.suppress(Exception):
            training.estimate_probability_two_random_records_match(
                [block_on(*exact_rule)], recall=0.6
            )
    training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    estimated: set[str] = set()
    names = {c.get_comparison("duckdb").output_column_name for c in comparisons_for(present)}
    for cols in TRAINING_RULES:
        if not set(cols) <= present:
            continue
        # A session estimates the comparisons not using its blocking columns; one that would
        # add nothing new is skipped (each costs a pass over its blocks per EM iteration).
        learns = {n for n in names if not set(cols) & COMPARISON_INPUTS.get(n, set())}
        if learns <= estimated:
            continue
        if cols in CONTACT_RULES and not _one_person_block(features, cols):
            continue
        # Splink takes the comparisons a session cannot estimate out of the settings and puts
        # them back at the end: a session that fails half-way (a block too small, an m that
        # underflows) would leave the model without them. Start again from the state before.
        before = linker.misc.save_model_to_json()
        try:
            training.estimate_parameters_using_expectation_maximisation(
                block_on(*cols),
                estimate_without_term_frequencies=True,
                max_pairs=em_pairs,
            )
            estimated |= learns
        except Exception as err:  # a block EM cannot learn from is not fatal
            # The error's type only: its text may quote a value of the records.
            logging.getLogger(__name__).info("EM on %s skipped: %s", cols, type(err).__name__)
            linker = linker_for(features, before, backend)
            training = linker.training
    return Model(settings=sanitise(linker.misc.save_model_to_json()), threshold=threshold)


def _one_person_block(features: pd.DataFrame, cols: tuple[str, ...]) -> bool:
    """Enough pairs share the key, and most of them agree on a personal field left out of it
    (the given name's skeleton, else a birth year within one): the block holds one person's
    records, not a household's or a camp's."""
    from engines.linkage import scoring

    check = "given_sk" if "given_sk" not in cols else "by"
    coded = scoring.encode(features[[*dict.fromkeys([*cols, check])]])
    pairs = scoring.candidate_pairs(coded, (cols,))
    if len(pairs) < MIN_BLOCK_PAIRS:
        return False
    n = coded.size
    left, right = coded.codes[check][pairs // n], coded.codes[check][pairs % n]
    known = (left >= 0) & (right >= 0)
    if not known.any():
        return False
    agree = (left == right) if check == "given_sk" else (abs(left - right) <= 1)
    return float((agree & known).sum() / known.sum()) >= MIN_PERSONAL_SHARE


# m for a level EM never saw among matches (often "mismatch" on a date in blocks keyed on the
# date's neighbours): a disagreement is rare among true matches, not impossible, and not free.
UNSEEN_M = 0.01
MIN_M = 0.002


def sanitise(settings: dict[str, Any]) -> dict[str, Any]:
    """Fill m/u that training left empty so that every level carries a finite weight."""
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for level in levels:
            m = level.get("m_probability")
            if m is None or not m > 0 or math.isnan(m):
                level["m_probability"] = UNSEEN_M if level is levels[-1] else 1e-4
            elif m < MIN_M:
                # Clerks do mistype sex or a date even when the training data never did: no
                # single level may veto a pair on its own (m 1e-12 is -40 bits).
                level["m_probability"] = MIN_M
            u = level.get("u_probability")
            if u is None or not u > 0 or math.isnan(u):
                level["u_probability"] = 1e-6
        total = sum(lv["m_probability"] for lv in levels)
        for level in levels:
            level["m_probability"] = level["m_probability"] / total
    return settings
