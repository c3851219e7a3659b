"""Scoring a registry against itself without SQL: the Splink-trained model applied to candidate
pairs held as integer codes.

Splink trains the model (u by random sampling, m by EM) and scores pairs on Spark and for
`link`/`explain`. For a deduplication on one machine its SQL pipeline is the slow part at a
million records: every candidate pair carries its string columns through the joins and each
comparison is evaluated as a CASE over strings. Here instead:

1. each column becomes integer codes (names share one vocabulary, so that "given name of one =
   family name of the other" is a comparison of codes);
2. candidate pairs come from the same blocking rules, generated group by group from sorted
   keys (numpy), the union taken once;
3. each comparison's level is decided with the same conditions as its SQL (comparisons.py), in
   the same order; similarities (Jaro-Winkler, Damerau-Levenshtein) are computed once per
   distinct pair of values with rapidfuzz (the same metrics DuckDB uses);
4. the weights are the model's log2(m/u), with Splink's term-frequency adjustment
   log2(u_exact) - log2(max(tf, tf_minimum_u));
5. names are not independent (a culture has its own given, family and fathers' names): the
   summed weights are corrected by the dependence measured in the file (`name_dependence`),
   and a pair agreeing on a whole group of names is weighed by how common that combination
   is in the file (`joint_frequencies`) rather than by each name's frequency.

`supports` says whether a model's comparisons are the ones this module knows, level by level;
a model it does not know is scored by Splink. tests/test_scoring.py checks that both give the
same weights.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from engines.linkage.comparisons import (
    ESTIMATES_APART,
    FUZZY_TEXT,
    PARENT_SIMILAR_SPELLING,
    SIMILAR_SPELLING,
    SOMEWHAT_SIMILAR,
)

# Pairs scored at a time: bounds the memory of the per-pair arrays (a 1M-record registry has
# tens of millions of candidate pairs).
PAIRS_PER_CHUNK = 2_000_000
NULL = -1

# Columns holding names: one shared vocabulary (and one of skeletons), so that the swapped-name
# levels compare codes across columns.
NAME_COLUMNS = ("given", "family", "father", "mother", "given1")
SKELETON_COLUMNS = (
    "given_sk",
    "family_sk",
    "father_sk",
    "mother_sk",
    "given1_sk",
    "given_x_sk",
    "family_x_sk",
    "father_x_sk",
    "given_nk",
)
# dob_swap is compared with dob: one vocabulary.
DATE_COLUMNS = ("dob", "dob_swap")
INT_COLUMNS = ("by", "bm", "bd", "bdec", "by_b", "given_kn")


@dataclass
class Coded:
    """The feature table as codes: per column an int32 array (-1 for null) and its values."""

    size: int
    codes: dict[str, np.ndarray]
    values: dict[str, np.ndarray]  # the vocabulary each column's codes index
    counts: dict[str, np.ndarray]  # per column, records holding each code (term frequencies)
    _characters: dict[str, np.ndarray | None] = field(default_factory=dict, repr=False)

    def characters(self, column: str) -> np.ndarray | None:
        """The vocabulary as a (values x length) array of code points, if all values have one
        length; else None. Built once per column (it was rebuilt for every chunk of pairs)."""
        if column not in self._characters:
            self._characters[column] = self._build_characters(column)
        return self._characters[column]

    def _build_characters(self, column: str) -> np.ndarray | None:
        values = self.values[column]
        if len(values) == 0:
            return None
        text = np.asarray(values, dtype=str)
        lengths = np.char.str_len(text)
        if lengths.min() != lengths.max() or lengths.max() == 0:
            return None
        return text.view(np.uint32).reshape(len(text), int(lengths.max()))

    def has(self, column: str) -> bool:
        return column in self.codes and bool((self.codes[column] >= 0).any())


def _shared_codes(features: pd.DataFrame, columns: tuple[str, ...], coded: Coded) -> None:
    present = [c for c in columns if c in features.columns]
    if not present:
        return
    factorized = {c: pd.factorize(features[c], use_na_sentinel=True) for c in present}
    vocabulary = pd.Index(
        pd.unique(np.concatenate([np.asarray(u, dtype=object) for _, u in factorized.values()]))
    )
    values = vocabulary.to_numpy(dtype=object)
    for column, (codes, uniques) in factorized.items():
        mapping = vocabulary.get_indexer(np.asarray(uniques, dtype=object)).astype(np.int32)
        if len(mapping) == 0:  # an all-blank column
            column_codes = np.full(len(codes), NULL, dtype=np.int32)
        else:
            column_codes = np.where(codes >= 0, mapping[np.maximum(codes, 0)], NULL)
            column_codes = column_codes.astype(np.int32)
        coded.codes[column] = column_codes
        coded.values[column] = values
        coded.counts[column] = np.bincount(column_codes[column_codes >= 0], minlength=len(values))


def encode(features: pd.DataFrame) -> Coded:
    coded = Coded(size=len(features), codes={}, values={}, counts={})
    _shared_codes(features, NAME_COLUMNS, coded)
    _shared_codes(features, SKELETON_COLUMNS, coded)
    _shared_codes(features, DATE_COLUMNS, coded)
    for column in features.columns:
        if column in coded.codes or column == "unique_id":
            continue
        if column in INT_COLUMNS:
            coded.codes[column] = features[column].astype("Int64").fillna(NULL).to_numpy(dtype=np.int32)
            continue
        _shared_codes(features, (column,), coded)
    return coded


# -- candidate pairs ---------------------------------------------------------------------------


def _rule_key(coded: Coded, columns: tuple[str, ...]) -> np.ndarray:
    """One int64 key per record for a blocking rule; -1 where any of its columns is null."""
    key = np.zeros(coded.size, dtype=np.int64)
    valid = np.ones(coded.size, dtype=bool)
    for column in columns:
        codes = coded.codes[column].astype(np.int64)
        valid &= codes >= 0
        # Re-factorised after each column so that the combined key never overflows.
        key, _ = pd.factorize(key * (int(codes.max()) + 2) + codes + 1)
        key = key.astype(np.int64)
    return np.where(valid, key, -1)


def _pairs_within(key: np.ndarray) -> np.ndarray:
    """Every pair of records sharing a key (key -1 excluded), as i * n + j with i < j."""
    n = len(key)
    records = np.flatnonzero(key >= 0)
    # Stable: within a key, records stay in index order, so the earlier one is always i.
    order = records[np.argsort(key[records], kind="stable")]
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    # Each record pairs with the records after it in its group.
    rank = np.arange(len(order)) - np.repeat(starts, sizes)
    after = np.repeat(sizes, sizes) - rank - 1
    total = int(after.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    left = np.repeat(np.arange(len(order)), after)
    offset = np.arange(total) - np.repeat(np.cumsum(after) - after, after) + 1
    return order[left].astype(np.int64) * n + order[left + offset]


# A rule element "?column": the column is blank on at least one side of the pair (not a key).
BLANK_MARK = "?"


def rule_parts(rule: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The key columns of a blocking rule and the columns that must be blank on one side."""
    keys = tuple(c for c in rule if not c.startswith(BLANK_MARK))
    blank = tuple(c[len(BLANK_MARK) :] for c in rule if c.startswith(BLANK_MARK))
    return keys, blank


def _rule_pairs(coded: Coded, rule: tuple[str, ...]) -> np.ndarray:
    keys, blank = rule_parts(rule)
    pairs = _pairs_within(_rule_key(coded, keys))
    n = coded.size
    for column in blank:
        codes = coded.codes[column]
        pairs = pairs[(codes[pairs // n] < 0) | (codes[pairs % n] < 0)]
    return pairs


def candidate_pairs(coded: Coded, rules: tuple[tuple[str, ...], ...]) -> np.ndarray:
    """The union of the pairs of every blocking rule whose columns hold data, as i * n + j."""
    found = [
        _rule_pairs(coded, rule)
        for rule in rules
        if all(coded.has(column) for column in rule_parts(rule)[0])
    ]
    if not found:
        return np.zeros(0, dtype=np.int64)
    pairs = np.concatenate(found)
    if len(pairs) == 0:
        return pairs
    pairs.sort()
    # The union: a sort and a comparison with the neighbour (np.unique is far slower here).
    return pairs[np.r_[True, pairs[1:] != pairs[:-1]]]


# -- comparison levels -------------------------------------------------------------------------


class Pairs:
    """A chunk of candidate pairs: the record indices of each side and lazily their codes."""

    def __init__(self, coded: Coded, left: np.ndarray, right: np.ndarray) -> None:
        self.coded, self.left, self.right = coded, left, right
        # The pairs still without a level: similarities are computed for these only.
        self.open = np.ones(len(left), dtype=bool)
        self._similarity: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._gathered: dict[tuple[str, str], np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.left)

    def l(self, column: str) -> np.ndarray:  # noqa: E743 - the SQL's _l / _r
        return self._side(column, "l")

    def r(self, column: str) -> np.ndarray:
        return self._side(column, "r")

    def _side(self, column: str, side: str) -> np.ndarray:
        # Gathered once per chunk: several levels read the same column.
        key = (column, side)
        if key not in self._gathered:
            self._gathered[key] = self.coded.codes[column][self.left if side == "l" else self.right]
        return self._gathered[key]

    def null(self, column: str) -> np.ndarray:
        return (self.l(column) < 0) | (self.r(column) < 0)

    def same(self, column_l: str, column_r: str | None = None) -> np.ndarray:
        """`column_l_l = column_r_r` in SQL: equal and not null."""
        left = self.l(column_l)
        return (left >= 0) & (left == self.r(column_r or column_l))

    def similarity(self, column: str, metric: str) -> np.ndarray:
        """Per pair, Jaro-Winkler similarity or Damerau-Levenshtein distance of the values
        (NaN where either is null), computed once per distinct pair of values."""
        key = (column, metric)
        out, done = self._similarity.get(key) or (np.full(len(self), np.nan), np.zeros(len(self), dtype=bool))
        self._compute(column, metric, out, self.open & ~done)
        self._similarity[key] = (out, done | self.open)
        return out

    def _compute(self, column: str, metric: str, out: np.ndarray, wanted: np.ndarray) -> None:
        left, right = self.l(column), self.r(column)
        both = (left >= 0) & (right >= 0) & wanted
        if not both.any():
            return
        width = int(max(left.max(), right.max())) + 1
        combined = left[both].astype(np.int64) * width + right[both]
        inverse, distinct = pd.factorize(combined)
        values = self.coded.values[column]
        a = values[distinct // width].tolist()
        b = values[distinct % width].tolist()
        scorer = (
            JaroWinkler.normalized_similarity if metric == "jaro_winkler" else DamerauLevenshtein.distance
        )
        scores = process.cpdist(a, b, scorer=scorer, dtype=np.float64, workers=-1)
        out[both] = np.asarray(scores, dtype=np.float64)[inverse]

    def jaro_winkler(self, column: str, at_least: float) -> np.ndarray:
        # NaN (a null side) compares false, as NULL does in SQL.
        return self.similarity(column, "jaro_winkler") >= at_least

    def damerau_levenshtein(self, column: str, at_most: int, among: np.ndarray | None = None) -> np.ndarray:
        """Distance at most `at_most`; `among`, if given, is a mask outside which the answer is
        known to be false (computed only inside it)."""
        if among is not None:
            saved = self.open
            self.open = self.open & among
        try:
            within = self._one_edit_fixed_width(column) if at_most == 1 else None
            if within is None:
                within = self.similarity(column, "damerau") <= at_most
        finally:
            if among is not None:
                self.open = saved
        return within if among is None else within & among

    def _one_edit_fixed_width(self, column: str) -> np.ndarray | None:
        """Damerau-Levenshtein distance <= 1 of values that all have one length (dates as
        YYYY-MM-DD): then only one substitution or one swap of neighbours can separate two of
        them, which is checked on character arrays without a per-pair call. None when the
        values' lengths differ."""
        matrix = self.coded.characters(column)
        if matrix is None:
            return None
        left, right = self.l(column), self.r(column)
        out = np.zeros(len(self), dtype=bool)
        rows = np.flatnonzero((left >= 0) & (right >= 0) & self.open)
        if len(rows) == 0:
            return out
        a, b = matrix[left[rows]], matrix[right[rows]]
        differ = a != b
        count = differ.sum(axis=1)
        first = differ.argmax(axis=1)
        second = np.minimum(first + 1, matrix.shape[1] - 1)
        take = np.arange(len(rows))
        swapped = (
            (count == 2)
            & differ[take, second]
            & (a[take, first] == b[take, second])
            & (a[take, second] == b[take, first])
        )
        out[rows] = (count <= 1) | swapped
        return out

    def ints(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        return self.l(column), self.r(column)


Condition = Callable[[Pairs], np.ndarray]


def _not_two_known(p: Pairs) -> np.ndarray:
    return ~((p.l("given_kn") == 1) & (p.r("given_kn") == 1))


def _given_levels() -> list[tuple[str, Condition]]:
    return [
        ("blank", lambda p: p.null("given")),
        ("match: same name", lambda p: p.same("given")),
        ("near: same sound", lambda p: p.same("given_sk") & _not_two_known(p)),
        ("near: nickname or short form", lambda p: p.same("given_nk")),
        ("near: similar spelling", lambda p: p.jaro_winkler("given", SIMILAR_SPELLING) & _not_two_known(p)),
        ("near: same first given name", lambda p: p.same("given1_sk") | p.same("given1")),
        ("near: swapped", lambda p: p.same("given_sk", "family_x_sk") | p.same("family_x_sk", "given_sk")),
        ("near: somewhat similar", lambda p: p.jaro_winkler("given", SOMEWHAT_SIMILAR) & _not_two_known(p)),
        ("mismatch", None),
    ]


def _family_levels() -> list[tuple[str, Condition]]:
    return [
        ("blank", lambda p: p.null("family")),
        ("match: same name", lambda p: p.same("family")),
        ("near: same sound", lambda p: p.same("family_sk")),
        ("near: similar spelling", lambda p: p.jaro_winkler("family", SIMILAR_SPELLING)),
        ("near: swapped", lambda p: p.same("family_sk", "given_x_sk") & p.same("given_x_sk", "family_sk")),
        ("near: the other's father's name",
         lambda p: p.same("family_sk", "father_x_sk") | p.same("father_x_sk", "family_sk")),
        ("near: somewhat similar", lambda p: p.jaro_winkler("family", SOMEWHAT_SIMILAR)),
        ("mismatch", None),
    ]


def _parent_levels(column: str) -> list[tuple[str, Condition]]:
    return [
        ("blank", lambda p: p.null(column)),
        ("match: same name", lambda p: p.same(column)),
        ("near: same sound", lambda p: p.same(f"{column}_sk")),
        ("near: similar spelling", lambda p: p.jaro_winkler(column, PARENT_SIMILAR_SPELLING)),
        ("mismatch", None),
    ]


def _estimated(day: np.ndarray, month: np.ndarray) -> np.ndarray:
    return (day < 0) | ((month == 1) & (day == 1))


def _date_levels() -> list[tuple[str, Condition]]:
    def known(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (a >= 0) & (b >= 0)

    def equal(p: Pairs, column: str) -> np.ndarray:
        a, b = p.ints(column)
        return known(a, b) & (a == b)

    def years_apart(p: Pairs) -> np.ndarray:
        a, b = p.ints("by")
        return np.abs(a - b)

    def two_parts_equal(p: Pairs) -> np.ndarray:
        agree = [equal(p, c).astype(np.int8) for c in ("by", "bm", "bd")]
        return (agree[0] + agree[1] + agree[2]) >= 2

    def as_far_as_known(p: Pairs) -> np.ndarray:
        (dl, dr), (ml, mr) = p.ints("bd"), p.ints("bm")
        return equal(p, "by") & ((dl < 0) | (dr < 0)) & ((ml < 0) | (mr < 0) | (ml == mr))

    def one_part(p: Pairs) -> np.ndarray:
        return (equal(p, "by") & equal(p, "bd")) | (equal(p, "bm") & equal(p, "bd") & (years_apart(p) <= 10))

    def estimated(p: Pairs) -> np.ndarray:
        (dl, dr), (ml, mr) = p.ints("bd"), p.ints("bm")
        return (years_apart(p) <= 1) & (_estimated(dl, ml) | _estimated(dr, mr))

    def both_estimated(p: Pairs) -> np.ndarray:
        (dl, dr), (ml, mr) = p.ints("bd"), p.ints("bm")
        return (years_apart(p) <= ESTIMATES_APART) & _estimated(dl, ml) & _estimated(dr, mr)

    return [
        ("blank", lambda p: p.null("by")),
        ("match: same date", lambda p: p.same("dob")),
        ("near: day and month swapped", lambda p: p.same("dob_swap", "dob")),
        # One typo in YYYY-MM-DD leaves two of the three parts equal: only those are compared.
        ("near: one typo", lambda p: p.damerau_levenshtein("dob", 1, among=two_parts_equal(p))),
        ("near: agrees as far as known", as_far_as_known),
        ("near: same year and month", lambda p: equal(p, "by") & equal(p, "bm")),
        ("near: one part differs", one_part),
        ("near: estimated, within a year", estimated),
        ("near: within a year", lambda p: years_apart(p) <= 1),
        ("near: both estimated, years apart", both_estimated),
        ("mismatch", None),
    ]


def _exact_levels(column: str, fuzzy: float | None) -> list[tuple[str, Condition]]:
    levels: list[tuple[str, Condition]] = [
        ("blank", lambda p: p.null(column)),
        ("match: same", lambda p: p.same(column)),
    ]
    if fuzzy is not None:
        levels.append(("near: similar", lambda p: p.jaro_winkler(column, fuzzy)))
    return [*levels, ("mismatch", None)]


def _document_levels() -> list[tuple[str, Condition]]:
    return [
        ("blank", lambda p: p.null("document")),
        ("match: same", lambda p: p.same("document")),
        ("near: one character differs", lambda p: p.damerau_levenshtein("document", 1)),
        ("mismatch", None),
    ]


# The levels of comparisons.COMPARISONS, in order, with the same conditions as their SQL.
LEVELS: dict[str, Callable[[], list[tuple[str, Condition]]]] = {
    "given_name": _given_levels,
    "family_name": _family_levels,
    "birth_date": _date_levels,
    "father_name": lambda: _parent_levels("father"),
    "mother_name": lambda: _parent_levels("mother"),
    "sex": lambda: _exact_levels("sex", None),
    "birth_place": lambda: _exact_levels("place", FUZZY_TEXT),
    "nationality": lambda: _exact_levels("nationality", None),
    "address": lambda: _exact_levels("address", FUZZY_TEXT),
    "locality": lambda: _exact_levels("locality", FUZZY_TEXT),
    "postcode": lambda: _exact_levels("postcode", None),
    "phone": lambda: _exact_levels("phone", None),
    "document_number": _document_levels,
}


def supports(settings: dict[str, Any]) -> bool:
    """The model's comparisons are known here with the same levels in the same order."""
    for comparison in settings["comparisons"]:
        known = LEVELS.get(comparison["output_column_name"])
        if known is None:
            return False
        labels = [lv.get("label_for_charts") for lv in comparison["comparison_levels"]]
        if labels != [label for label, _ in known()]:
            return False
    return True


# -- weights -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Comparison:
    name: str
    levels: list[tuple[str, Condition]]
    gammas: np.ndarray  # Splink's comparison vector value per level (-1 for the null level)
    weights: np.ndarray  # log2(m/u) per level (0 for the null level)
    tf_level: int | None  # the level adjusted for term frequency, if any
    tf_column: str | None
    tf_base: float  # log2 of the u of the exact level the adjustment is relative to
    tf_minimum: float
    m_bits: np.ndarray  # log2(m) per level (0 for the null level)


def _comparisons(settings: dict[str, Any], use_tf: bool) -> list[_Comparison]:
    out = []
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        n_real = sum(1 for lv in levels if not lv.get("is_null_level"))
        gammas, weights, m_bits = [], [], []
        tf_level = tf_column = None
        tf_base = tf_minimum = 0.0
        position = 0
        for index, level in enumerate(levels):
            if level.get("is_null_level"):
                gammas.append(-1)
                weights.append(0.0)
                m_bits.append(0.0)
                continue
            gammas.append(n_real - 1 - position)
            position += 1
            weights.append(math.log2(level["m_probability"] / level["u_probability"]))
            m_bits.append(math.log2(level["m_probability"]))
            if use_tf and level.get("tf_adjustment_column") and level.get("tf_adjustment_weight", 1.0):
                tf_level, tf_column = index, level["tf_adjustment_column"]
                tf_base = math.log2(level["u_probability"])
                tf_minimum = float(level.get("tf_minimum_u_value", 0.0))
        out.append(
            _Comparison(
                name=comparison["output_column_name"],
                levels=LEVELS[comparison["output_column_name"]](),
                gammas=np.array(gammas, dtype=np.int8),
                weights=np.array(weights, dtype=np.float64),
                tf_level=tf_level,
                tf_column=tf_column,
                tf_base=tf_base,
                tf_minimum=tf_minimum,
                m_bits=np.array(m_bits, dtype=np.float64),
            )
        )
    return out


def _level_of(pairs: Pairs, levels: list[tuple[str, Condition]]) -> np.ndarray:
    """The first level whose condition holds, as SQL's CASE WHEN does; else the last one."""
    chosen = np.full(len(pairs), len(levels) - 1, dtype=np.int8)
    pairs.open = np.ones(len(pairs), dtype=bool)
    for index, (_, condition) in enumerate(levels[:-1]):
        hit = condition(pairs) & pairs.open
        chosen[hit] = index
        pairs.open &= ~hit
        if not pairs.open.any():
            break
    return chosen


def _tf_adjustment(pairs: Pairs, comparison: _Comparison, level: np.ndarray) -> np.ndarray:
    out = np.zeros(len(pairs))
    if comparison.tf_level is None:
        return out
    at = level == comparison.tf_level
    if not at.any():
        return out
    column = comparison.tf_column
    counts = pairs.coded.counts[column]
    share = counts / max(int(counts.sum()), 1)
    # At the exact level both sides hold the same value: max(tf_l, tf_r) is its share.
    tf = np.maximum(share[pairs.l(column)[at]], comparison.tf_minimum)
    out[at] = comparison.tf_base - np.log2(tf)
    return out


# Name comparisons whose agreement is checked for dependence, with the skeleton column that
# decides agreement, and the levels (by label) that count as agreeing.
NAME_FIELDS = {
    "given_name": "given_sk",
    "family_name": "family_sk",
    "father_name": "father_sk",
    "mother_name": "mother_sk",
}
AGREEING = ("match: same name", "near: same sound")


def _agreement_rate(codes: np.ndarray) -> float:
    """Share of pairs of these records whose codes are equal (sum of c(c-1) over N(N-1))."""
    n = len(codes)
    if n < 2:
        return 0.0
    counts = np.bincount(codes).astype(np.float64)
    return float((counts * (counts - 1)).sum() / (n * (n - 1.0)))


def name_dependence(coded: Coded, names: list[str]) -> dict[frozenset[str], float]:
    """For each set of two or more name comparisons, the bits by which summing their weights
    overstates agreement on all of them together: log2(u(all agree) / product of u(each)),
    counted on this file's records (agreement = same skeleton).

    Fellegi-Sunter adds the names' weights as if independent, but names travel together: a
    culture has its own given, family and fathers' names, so two people who share a family
    name share a given name or a father's name far more often than the product of the
    separate rates says. In a registry of a million, "same given, family and father's name"
    is 2^3 times commoner than independence predicts, and the namesakes it brings outnumber
    the duplicates. The correction is measured, not assumed, and only ever subtracts."""
    present = [n for n in names if n in NAME_FIELDS and coded.has(NAME_FIELDS[n])]
    out: dict[frozenset[str], float] = {}
    for size in range(2, len(present) + 1):
        for subset in itertools.combinations(present, size):
            columns = [NAME_FIELDS[n] for n in subset]
            known = np.logical_and.reduce([coded.codes[c] >= 0 for c in columns])
            if known.sum() < 2:
                continue
            separate = math.prod(_agreement_rate(coded.codes[c][known].astype(np.int64))
                                 for c in columns)
            together = _agreement_rate(_rule_key(coded, tuple(columns))[known])
            if separate > 0 and together > 0:
                out[frozenset(subset)] = max(0.0, math.log2(together / separate))
    return out


def _dependence_weight(
    levels: dict[str, np.ndarray],
    comparisons: list[_Comparison],
    dependence: dict[frozenset[str], float],
    size: int,
) -> np.ndarray:
    """Per pair, minus the overstatement of the set of names it agrees on."""
    out = np.zeros(size)
    if not dependence:
        return out
    agreeing: dict[str, np.ndarray] = {}
    for comparison in comparisons:
        if comparison.name in NAME_FIELDS:
            indices = [i for i, (label, _) in enumerate(comparison.levels) if label in AGREEING]
            agreeing[comparison.name] = np.isin(levels[comparison.name], indices)
    names = sorted(agreeing)
    # Which names agree, as a bit mask per pair, then one lookup per mask.
    mask = np.zeros(size, dtype=np.int16)
    for bit, name in enumerate(names):
        mask |= agreeing[name].astype(np.int16) << bit
    table = np.zeros(1 << len(names))
    for value in range(len(table)):
        subset = frozenset(n for bit, n in enumerate(names) if value >> bit & 1)
        table[value] = -dependence.get(subset, 0.0)
    return table[mask]


# Names judged together: a pair agreeing on all of these (same skeleton) is weighed by how
# common that combination of names is in the file, not by each name's frequency.
JOINT_NAMES = (("given_name", "family_name", "father_name"), ("given_name", "family_name"))


@dataclass(frozen=True)
class JointFrequency:
    """Per record, log2 of the share of records carrying its combination of name skeletons."""

    names: tuple[str, ...]
    log_share: np.ndarray  # NaN where a name is blank


def joint_frequencies(coded: Coded, names: list[str]) -> list[JointFrequency]:
    """How common each record's combination of names is, counted in the file.

    Names travel together within a culture, so "same given and family name" is far commoner
    for Ahmed Hassan than the two names' separate frequencies say, and far rarer for a
    combination seen once. The share of records holding the pair's own combination is the
    chance that a random record agrees on all of them (Splink's term-frequency idea, applied
    to the combination)."""
    out = []
    for group in JOINT_NAMES:
        if not all(n in names and coded.has(NAME_FIELDS[n]) for n in group):
            continue
        key = _rule_key(coded, tuple(NAME_FIELDS[n] for n in group))  # -1 where a name is blank
        known = key >= 0
        if known.sum() < 2:
            continue
        counts = np.bincount(key[known])
        share = np.full(coded.size, np.nan)
        share[known] = np.log2(counts[key[known]] / known.sum())
        out.append(JointFrequency(group, share))
    return out


def _joint_correction(
    pairs: Pairs,
    levels: dict[str, np.ndarray],
    comparisons: list[_Comparison],
    joint: list[JointFrequency],
    contributions: dict[str, np.ndarray],
    dependence: np.ndarray,
) -> np.ndarray:
    """Per pair, what replaces the names' summed weights (and their dependence correction)
    where the pair agrees on a whole group: log2(m of agreeing on each) - log2(share)."""
    out = np.zeros(len(pairs))
    done = np.zeros(len(pairs), dtype=bool)
    by_name = {c.name: c for c in comparisons}
    for frequency in joint:
        agree = ~done
        m_bits = 0.0
        for name in frequency.names:
            comparison = by_name[name]
            indices = [i for i, (label, _) in enumerate(comparison.levels) if label in AGREEING]
            agree &= np.isin(levels[name], indices)
            m_bits += math.log2(sum(2.0 ** comparison.m_bits[i] for i in indices))
        if not agree.any():
            continue
        share = np.maximum(frequency.log_share[pairs.left[agree]], frequency.log_share[pairs.right[agree]])
        old = sum(contributions[name][agree] for name in frequency.names) + dependence[agree]
        out[agree] = (m_bits - share) - old
        done |= agree
    return out


def score_chunks(
    coded: Coded,
    pairs: np.ndarray,
    settings: dict[str, Any],
    *,
    use_tf: bool,
    min_probability: float,
    dependence: dict[frozenset[str], float] | None = None,
    joint: list[JointFrequency] | None = None,
) -> Iterator[pd.DataFrame]:
    """Scored pairs at or above `min_probability`, chunk by chunk, in Splink's columns:
    unique_id indices (not ids) l/r, match_weight, match_probability, gamma_*, mw_*,
    mw_tf_adj_*."""
    comparisons = _comparisons(settings, use_tf)
    prior = settings["probability_two_random_records_match"]
    prior_weight = math.log2(prior / (1 - prior))
    min_weight = -math.inf if min_probability <= 0 else math.log2(min_probability / (1 - min_probability))
    n = coded.size
    for start in range(0, len(pairs), PAIRS_PER_CHUNK):
        chunk = pairs[start : start + PAIRS_PER_CHUNK]
        chunk_pairs = Pairs(coded, (chunk // n).astype(np.int32), (chunk % n).astype(np.int32))
        total = np.full(len(chunk_pairs), prior_weight)
        columns: dict[str, np.ndarray] = {}
        levels: dict[str, np.ndarray] = {}
        contributions: dict[str, np.ndarray] = {}
        for comparison in comparisons:
            level = _level_of(chunk_pairs, comparison.levels)
            levels[comparison.name] = level
            weight = comparison.weights[level]
            adjustment = _tf_adjustment(chunk_pairs, comparison, level)
            total += weight + adjustment
            contributions[comparison.name] = weight + adjustment
            columns[f"gamma_{comparison.name}"] = comparison.gammas[level]
            columns[f"mw_{comparison.name}"] = weight
            if comparison.tf_level is not None:
                columns[f"mw_tf_adj_{comparison.name}"] = adjustment
        if dependence or joint:
            correction = _dependence_weight(levels, comparisons, dependence or {}, len(chunk_pairs))
            if joint:
                correction = correction + _joint_correction(
                    chunk_pairs, levels, comparisons, joint, contributions, correction
                )
            total += correction
            columns["mw_name_dependence"] = correction
        keep = total >= min_weight
        frame = pd.DataFrame(
            {
                "left": chunk_pairs.left[keep],
                "right": chunk_pairs.right[keep],
                "match_weight": total[keep],
                "match_probability": 1.0 / (1.0 + np.exp2(-total[keep])),
                **{name: values[keep] for name, values in columns.items()},
            }
        )
        yield frame
