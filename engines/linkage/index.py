"""Tracing search: an in-memory index of the registry, scored Fellegi–Sunter style per request.

A tracing request is one person looked for among a million. Blocking, as in dedupe, loses the
requests whose every blocking key carries a variant or typo; here nothing is blocked out.
Instead the registry is held as integer codes into small vocabularies (names repeat: a million
records hold a few tens of thousands of distinct spellings), and for each request:

1. the request's names are compared once with every distinct spelling (rapidfuzz, vectorised),
   giving each spelling a comparison level: exact, same consonant skeleton, near, weak, else;
2. the u probability of each level is counted exactly for this request — the share of the
   registry that reaches that level — which is term-frequency adjustment at every level:
   agreeing on "Mohammed" is worth less than agreeing on "Zabihullah";
3. the weights log2(m/u) are gathered for every record through its codes, summed with the
   birth-year, place, father's name and sex evidence, and the best `top` are kept.

An empty field, on either side, adds nothing: unknown is not a mismatch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from engines.linkage.normalise import name_skeleton

# Comparison levels of a name, best first; "else" is 0 and blank has no level.
EXACT, SKELETON, NEAR, WEAK, OTHER = 4, 3, 2, 1, 0
NEAR_SIMILARITY = 0.9
WEAK_SIMILARITY = 0.8


@dataclass(frozen=True)
class NameM:
    """m probabilities of the name levels: how often the sought person's record, described by
    an enquirer, reaches each level. Enquirers spell names their own way, so the exact level
    is far from certain and a near spelling is common."""

    exact: float
    skeleton: float
    near: float
    weak: float
    other: float

    def by_level(self) -> np.ndarray:
        return np.array([self.other, self.weak, self.near, self.skeleton, self.exact])


@dataclass(frozen=True)
class SearchWeights:
    """Default m probabilities; u probabilities are counted per request from the registry."""

    given: NameM = NameM(0.45, 0.25, 0.15, 0.07, 0.08)
    family: NameM = NameM(0.45, 0.25, 0.15, 0.07, 0.08)
    # Fathers' names are written down less carefully and sometimes are a grandfather's.
    father: NameM = NameM(0.4, 0.22, 0.13, 0.07, 0.18)
    mother: NameM = NameM(0.4, 0.22, 0.13, 0.07, 0.18)
    place: NameM = NameM(0.45, 0.15, 0.1, 0.05, 0.25)
    # |request year - record year| = 0, 1, 2, 3 or more: the enquirer's year is approximate.
    year: tuple[float, float, float, float] = (0.55, 0.3, 0.08, 0.07)
    # Month and day known on both sides: equal, swapped, different.
    month_day: tuple[float, float, float] = (0.75, 0.08, 0.17)
    sex_agrees: float = 0.97
    # Given and family names written the other way round: a small price, not a mismatch.
    swap_penalty: float = 1.0
    # Weights are bounded so that one very rare exact spelling cannot decide alone.
    max_weight: float = 14.0


@dataclass
class _Vocabulary:
    """Distinct values of one kind (names, places) with the keys compared."""

    values: np.ndarray  # canonical values; index 0 is the blank value
    joined: list[str]  # spaces removed, for Jaro-Winkler
    skeleton_codes: np.ndarray  # per value, the index into `skeletons`
    skeletons: list[str]
    lookup: dict[str, int] = field(default_factory=dict)
    skeleton_lookup: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, values: np.ndarray) -> _Vocabulary:
        values = np.concatenate([np.array([""], dtype=object), values.astype(object)])
        joined = [v.replace(" ", "") for v in values]
        skeletons_per_value = [name_skeleton(v) if v else "" for v in values]
        skeleton_codes, skeletons = pd.factorize(pd.Series(skeletons_per_value, dtype=object))
        return cls(
            values=values,
            joined=joined,
            skeleton_codes=skeleton_codes.astype(np.int32),
            skeletons=list(skeletons),
            lookup={v: i for i, v in enumerate(values)},
            skeleton_lookup={s: i for i, s in enumerate(skeletons)},
        )

    def levels(self, query: str) -> np.ndarray:
        """The comparison level of `query` against every value (-1 for the blank value)."""
        joined = query.replace(" ", "")
        similarity = process.cdist(
            [joined], self.joined, scorer=JaroWinkler.normalized_similarity,
            dtype=np.float32, workers=1, score_cutoff=WEAK_SIMILARITY,
        )[0]
        skeleton = name_skeleton(query)
        skeleton_similarity = process.cdist(
            [skeleton], self.skeletons, scorer=JaroWinkler.normalized_similarity,
            dtype=np.float32, workers=1, score_cutoff=NEAR_SIMILARITY,
        )[0][self.skeleton_codes]
        similarity = np.maximum(similarity, skeleton_similarity)
        level = np.where(similarity >= NEAR_SIMILARITY, NEAR,
                         np.where(similarity >= WEAK_SIMILARITY, WEAK, OTHER)).astype(np.int8)
        skeleton_code = self.skeleton_lookup.get(skeleton) if skeleton else None
        if skeleton_code is not None:
            level[self.skeleton_codes == skeleton_code] = SKELETON
        exact = self.lookup.get(query)
        if exact is not None:
            level[exact] = EXACT
        level[0] = -1
        return level


def _weights_for(levels: np.ndarray, counts: np.ndarray, m: NameM, cap: float) -> np.ndarray:
    """log2(m/u) per vocabulary value, u counted for this request from the column's counts."""
    total = counts[1:].sum()
    out = np.zeros(len(levels), dtype=np.float32)
    if total == 0:
        return out
    valid = levels >= 0
    per_level = np.bincount(levels[valid], weights=counts[valid], minlength=5)
    # A level nobody reaches still needs a finite u: one record in the column.
    u = np.maximum(per_level, 1.0) / total
    weight = np.clip(np.log2(m.by_level() / u), -cap, cap).astype(np.float32)
    out[valid] = weight[levels[valid]]
    return out


@dataclass
class Request:
    given: str = ""
    family: str = ""
    father: str = ""
    mother: str = ""
    place: str = ""
    sex: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None


class SearchIndex:
    """The registry as codes, built once; `search` answers one request."""

    def __init__(self, features: pd.DataFrame, weights: SearchWeights | None = None) -> None:
        self.weights = weights or SearchWeights()
        self.ids = features["unique_id"].astype(str).to_numpy(dtype=object)
        self.size = len(features)
        names = [self._text(features, c) for c in ("given", "family", "father", "mother")]
        name_values = pd.unique(np.concatenate(names))
        name_values = name_values[name_values != ""]
        self.names = _Vocabulary.build(name_values)
        codes = [self._codes(column, self.names) for column in names]
        self.given, self.family, self.father, self.mother = codes
        self.name_counts = {
            key: np.bincount(column, minlength=len(self.names.values)).astype(np.float64)
            for key, column in zip(("given", "family", "father", "mother"), codes, strict=True)
        }
        place = self._text(features, "place")
        place_values = pd.unique(place)
        self.places = _Vocabulary.build(place_values[place_values != ""])
        self.place = self._codes(place, self.places)
        self.place_counts = np.bincount(self.place, minlength=len(self.places.values)).astype(
            np.float64
        )
        self.year = self._int(features, "by")
        self.month = self._int(features, "bm")
        self.day = self._int(features, "bd")
        sex = self._text(features, "sex")
        self.sex = np.select([sex == "m", sex == "f"], [1, 2], 0).astype(np.int8)

    @staticmethod
    def _text(features: pd.DataFrame, column: str) -> np.ndarray:
        if column not in features.columns:
            return np.full(len(features), "", dtype=object)
        return features[column].astype(object).fillna("").to_numpy(dtype=object)

    @staticmethod
    def _int(features: pd.DataFrame, column: str) -> np.ndarray:
        if column not in features.columns:
            return np.zeros(len(features), dtype=np.int16)
        return features[column].astype("Int64").fillna(0).to_numpy(dtype=np.int16)

    @staticmethod
    def _codes(column: np.ndarray, vocabulary: _Vocabulary) -> np.ndarray:
        lookup = vocabulary.lookup
        codes, uniques = pd.factorize(column)
        mapping = np.array([lookup[u] for u in uniques], dtype=np.int32)
        return mapping[codes] if len(uniques) else np.zeros(len(column), dtype=np.int32)

    # -- one request ---------------------------------------------------------------------------

    def _name_weights(self, query: str, column: str, m: NameM) -> tuple[np.ndarray, np.ndarray]:
        levels = self.names.levels(query)
        weights = _weights_for(levels, self.name_counts[column], m, self.weights.max_weight)
        return weights, levels

    def score(self, request: Request) -> tuple[np.ndarray, np.ndarray]:
        """Match weight (log2 Bayes factor, prior excluded) of every record, and whether the
        record is a candidate at all (some name at least near the request's)."""
        w = self.weights
        n = self.size
        total = np.zeros(n, dtype=np.float32)
        candidate = np.zeros(n, dtype=bool)
        # Main names in the written order and swapped; the better reading counts.
        if request.given or request.family:
            straight = np.zeros(n, dtype=np.float32)
            swapped = np.full(n, -w.swap_penalty, dtype=np.float32)
            for query, same, other, m_same, m_other in (
                (request.given, "given", "family", w.given, w.family),
                (request.family, "family", "given", w.family, w.given),
            ):
                if not query:
                    continue
                levels = self.names.levels(query)
                cap = w.max_weight
                same_w = _weights_for(levels, self.name_counts[same], m_same, cap)
                other_w = _weights_for(levels, self.name_counts[other], m_other, cap)
                same_codes = getattr(self, same)
                other_codes = getattr(self, other)
                straight += same_w[same_codes]
                swapped += other_w[other_codes]
                near = levels >= NEAR
                candidate |= near[same_codes] | near[other_codes]
            total += np.maximum(straight, swapped)
        for query, column, m in (
            (request.father, "father", w.father),
            (request.mother, "mother", w.mother),
        ):
            if query:
                weights, _ = self._name_weights(query, column, m)
                total += weights[getattr(self, column)]
        if request.place:
            levels = self.places.levels(request.place)
            total += _weights_for(levels, self.place_counts, w.place, w.max_weight)[self.place]
        if request.year:
            total += self._year_weights(request.year)[self.year]
            if request.month and request.day:
                total += self._month_day_weights(request.month, request.day)
        if request.sex in ("m", "f"):
            code = 1 if request.sex == "m" else 2
            known = self.sex > 0
            share = max(float(np.mean(self.sex[known] == code)), 1e-6) if known.any() else 0.5
            table = np.array(
                [0.0, math.log2(w.sex_agrees / share), math.log2((1 - w.sex_agrees) / (1 - share))],
                dtype=np.float32,
            )
            if code == 2:
                table[[1, 2]] = table[[2, 1]]
            total += table[self.sex]
        if not (request.given or request.family):
            # Without a name nothing narrows the search: every record competes on the rest.
            candidate[:] = True
        return total, candidate

    def _year_weights(self, year: int) -> np.ndarray:
        """A table indexed by record year (0 = unknown) of the weight against `year`."""
        w = self.weights
        years = np.arange(int(self.year.max()) + 1 if self.size else 1)
        counts = np.bincount(self.year, minlength=len(years)).astype(np.float64)
        known = counts[1:].sum()
        table = np.zeros(len(years), dtype=np.float32)
        if known == 0:
            return table
        distance = np.minimum(np.abs(years - year), 3)
        per_level = np.bincount(distance[1:], weights=counts[1:], minlength=4)
        u = np.maximum(per_level, 1.0) / known
        weight = np.log2(np.array(w.year) / u)
        table[1:] = weight[distance[1:]]
        return table

    def _month_day_weights(self, month: int, day: int) -> np.ndarray:
        w = self.weights
        full = (self.month > 0) & (self.day > 0)
        same = full & (self.month == month) & (self.day == day)
        swapped = full & (self.month == day) & (self.day == month) & ~same
        other = full & ~same & ~swapped
        # About one in 365 random pairs shares month and day; swaps are as rare.
        out = np.zeros(self.size, dtype=np.float32)
        out[same] = math.log2(w.month_day[0] * 365)
        out[swapped] = math.log2(w.month_day[1] * 365)
        out[other] = math.log2(w.month_day[2])
        return out

    def search(self, request: Request, top: int = 10) -> list[tuple[str, float]]:
        """The best `top` records: (record id, match probability), best first."""
        if self.size == 0:
            return []
        total, candidate = self.score(request)
        chosen = np.flatnonzero(candidate)
        if len(chosen) > top:
            part = np.argpartition(-total[chosen], top - 1)[:top]
            chosen = chosen[part]
        # Best first; equal weights in record order so that results are repeatable.
        order = np.lexsort((chosen, -total[chosen]))
        chosen = chosen[order]
        # Prior: one person sought among the registry's records.
        prior = -math.log2(max(self.size - 1, 1))
        weight = total[chosen].astype(np.float64) + prior
        probability = 1.0 / (1.0 + np.exp2(-weight))
        return [(str(self.ids[i]), float(p)) for i, p in zip(chosen, probability, strict=True)]


def request_from_features(row: pd.Series | dict) -> Request:
    def text(key: str) -> str:
        value = row.get(key)
        return "" if value is None or value is pd.NA or (isinstance(value, float)
                                                         and math.isnan(value)) else str(value)

    def number(key: str) -> int | None:
        value = row.get(key)
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return None
        return int(value) or None

    return Request(
        given=text("given"), family=text("family"), father=text("father"),
        mother=text("mother"), place=text("place"), sex=text("sex"),
        year=number("by"), month=number("bm"), day=number("bd"),
    )
