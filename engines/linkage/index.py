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
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from engines.linkage.dates import parse_birth_date_lenient
from engines.linkage.features import SEX_CODES
from engines.linkage.normalise import name_skeleton, normalise_name

# Comparison levels of a name, best first; "else" is 0 and blank has no level.
EXACT, SKELETON, NEAR, WEAK, OTHER = 4, 3, 2, 1, 0
NEAR_SIMILARITY = 0.9
WEAK_SIMILARITY = 0.8
# Distinct request names whose levels are kept (each an int8 per vocabulary value).
LEVEL_CACHE_SIZE = 2048


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

    given: NameM = NameM(0.55, 0.22, 0.12, 0.05, 0.06)
    family: NameM = NameM(0.55, 0.22, 0.12, 0.05, 0.06)
    # Fathers' names are written down less carefully and sometimes are a grandfather's.
    father: NameM = NameM(0.4, 0.22, 0.13, 0.07, 0.18)
    mother: NameM = NameM(0.4, 0.22, 0.13, 0.07, 0.18)
    place: NameM = NameM(0.45, 0.15, 0.1, 0.05, 0.25)
    # |request year - record year| = 0, 1, 2, 3 or more: the enquirer's year is approximate.
    year: tuple[float, float, float, float] = (0.6, 0.3, 0.05, 0.05)
    # Month and day known on both sides: equal, swapped, different.
    month_day: tuple[float, float, float] = (0.75, 0.08, 0.17)
    sex_agrees: float = 0.97
    # Given and family names written the other way round: a price (3 bits), not a mismatch.
    swap_penalty: float = 3.0
    # Weights are bounded so that one very rare exact spelling cannot decide alone.
    max_weight: float = 14.0


_SOMALI_AYIN = re.compile(r"c(?=[aeiou])")


def loose_skeleton(canonical: str) -> str:
    """A second, looser key: Somali orthography writes the ayin as "c" ("Cabdi", "Cumar",
    "Ismaaciil") where other spellings write nothing ("Abdi", "Umar", "Ismail"). Dropping a "c"
    before a vowel folds them together; used only at the near level, so that the French "c"
    of "Camara" losing its letter costs nothing."""
    return name_skeleton(_SOMALI_AYIN.sub("", canonical)) if canonical else ""


@dataclass
class _Vocabulary:
    """Distinct values of one kind (names, places) with the keys compared."""

    values: np.ndarray  # canonical values; index 0 is the blank value
    joined: list[str]  # spaces removed, for Jaro-Winkler
    skeleton_codes: np.ndarray  # per value, the index into `skeletons`
    skeletons: list[str]
    lookup: dict[str, int] = field(default_factory=dict)
    skeleton_lookup: dict[str, int] = field(default_factory=dict)
    loose_codes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    loose_lookup: dict[str, int] = field(default_factory=dict)
    _cache: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, values: np.ndarray) -> _Vocabulary:
        values = np.concatenate([np.array([""], dtype=object), values.astype(object)])
        joined = [v.replace(" ", "") for v in values]
        skeletons_per_value = [name_skeleton(v) if v else "" for v in values]
        skeleton_codes, skeletons = pd.factorize(pd.Series(skeletons_per_value, dtype=object))
        loose_codes, loose = pd.factorize(pd.Series([loose_skeleton(v) for v in values],
                                                    dtype=object))
        return cls(
            loose_codes=loose_codes.astype(np.int32),
            loose_lookup={k: i for i, k in enumerate(loose)},
            values=values,
            joined=joined,
            skeleton_codes=skeleton_codes.astype(np.int32),
            skeletons=list(skeletons),
            lookup={v: i for i, v in enumerate(values)},
            skeleton_lookup={s: i for i, s in enumerate(skeletons)},
        )

    def levels(self, query: str) -> np.ndarray:
        """The comparison level of `query` against every value (-1 for the blank value).

        Cached: enquirers ask about the same common names again and again, and comparing one
        name with every spelling of the registry is most of a request's cost."""
        with self._lock:
            cached = self._cache.get(query)
            if cached is not None:
                self._cache.move_to_end(query)
                return cached
        level = self._levels(query)
        level.setflags(write=False)
        with self._lock:
            self._cache[query] = level
            if len(self._cache) > LEVEL_CACHE_SIZE:
                self._cache.popitem(last=False)
        return level

    def _levels(self, query: str) -> np.ndarray:
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
        loose = loose_skeleton(query)
        loose_code = self.loose_lookup.get(loose) if loose else None
        if loose_code is not None:
            same_loose = self.loose_codes == loose_code
            level[same_loose] = np.maximum(level[same_loose], NEAR)
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
    # Term frequency belongs to the name, not to one spelling of it: "الحسن" written in Arabic
    # script is a rare spelling of a common name. The exact level therefore shares the u of
    # all spellings with the same skeleton; only its m says that exact agreement is likelier.
    per_level[EXACT] = per_level[SKELETON] = per_level[EXACT] + per_level[SKELETON]
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
        self.main_name_counts = (self.name_counts["given"] + self.name_counts["family"]) / 2
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
        # Counts that every request's u probabilities are drawn from, counted once.
        self.year_counts = np.bincount(self.year.astype(np.int64), minlength=1).astype(np.float64)
        self.sex_counts = np.bincount(self.sex, minlength=3).astype(np.float64)
        # Postings: the records holding each name code as given or family name, so that a
        # request only touches the records whose names are near its own.
        self.postings = {key: self._postings(getattr(self, key)) for key in ("given", "family")}

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

    @staticmethod
    def _postings(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(codes, kind="stable").astype(np.int32)
        offsets = np.concatenate([[0], np.cumsum(np.bincount(codes))]).astype(np.int64)
        return order, offsets

    def _holding(self, column: str, codes: np.ndarray) -> list[np.ndarray]:
        order, offsets = self.postings[column]
        codes = codes[codes < len(offsets) - 1]
        return [order[offsets[c] : offsets[c + 1]] for c in codes.tolist()]

    # -- one request ---------------------------------------------------------------------------

    def _name_weights(self, query: str, column: str, m: NameM) -> tuple[np.ndarray, np.ndarray]:
        levels = self.names.levels(query)
        weights = _weights_for(levels, self.name_counts[column], m, self.weights.max_weight)
        return weights, levels

    def score(self, request: Request) -> tuple[np.ndarray, np.ndarray]:
        """The candidate records (indices) and their match weights (log2 Bayes factor, prior
        excluded). A candidate has a given or family name at least near one of the request's,
        in either order; a request without names makes every record a candidate."""
        w = self.weights
        cap = w.max_weight
        queries = [q for q in (request.given, request.family) if q]
        levels = {q: self.names.levels(q) for q in queries}
        if queries:
            near_codes = np.flatnonzero(np.logical_or.reduce([lv >= NEAR for lv in levels.values()]))
            parts = self._holding("given", near_codes) + self._holding("family", near_codes)
            # A mask, not np.unique: marking 100,000 postings is far cheaper than sorting them.
            mask = np.zeros(self.size, dtype=bool)
            for part in parts:
                mask[part] = True
            chosen = np.flatnonzero(mask).astype(np.int32)
        else:
            chosen = np.arange(self.size, dtype=np.int32)
        total = np.zeros(len(chosen), dtype=np.float32)
        if len(chosen) == 0:
            return chosen, total
        given, family = self.given[chosen], self.family[chosen]
        # Main names in the written order and swapped; the better reading counts.
        if queries:
            straight = np.zeros(len(chosen), dtype=np.float32)
            swapped = np.full(len(chosen), -w.swap_penalty, dtype=np.float32)
            for query, same, m_same, m_other in (
                (request.given, "given", w.given, w.family),
                (request.family, "family", w.family, w.given),
            ):
                if not query:
                    continue
                # Both readings count how common the name is among given and family names
                # together: by the family-name column alone, a given name written as a family
                # name would look vanishingly rare and the swapped reading would win.
                same_w = _weights_for(levels[query], self.main_name_counts, m_same, cap)
                other_w = _weights_for(levels[query], self.main_name_counts, m_other, cap)
                straight += same_w[given if same == "given" else family]
                swapped += other_w[family if same == "given" else given]
            total += np.maximum(straight, swapped)
        for query, column, m in (
            (request.father, "father", w.father),
            (request.mother, "mother", w.mother),
        ):
            if query:
                weights, _ = self._name_weights(query, column, m)
                total += weights[getattr(self, column)[chosen]]
        if request.place:
            levels_place = self.places.levels(request.place)
            weights = _weights_for(levels_place, self.place_counts, w.place, cap)
            total += weights[self.place[chosen]]
        if request.year:
            total += self._year_weights(request.year)[self.year[chosen]]
            if request.month and request.day:
                total += self._month_day_weights(chosen, request.month, request.day)
        if request.sex in ("m", "f"):
            total += self._sex_weights(request.sex)[self.sex[chosen]]
        return chosen, total

    def _sex_weights(self, sex: str) -> np.ndarray:
        code = 1 if sex == "m" else 2
        known = self.sex_counts[1:].sum()
        table = np.zeros(3, dtype=np.float32)
        if known == 0:
            return table
        share = min(max(self.sex_counts[code] / known, 1e-6), 1 - 1e-6)
        m = self.weights.sex_agrees
        other = 3 - code
        table[code] = math.log2(m / share)
        table[other] = math.log2((1 - m) / (1 - share))
        return table

    def _year_weights(self, year: int) -> np.ndarray:
        """A table indexed by record year (0 = unknown) of the weight against `year`."""
        w = self.weights
        counts = self.year_counts
        table = np.zeros(len(counts), dtype=np.float32)
        known = counts[1:].sum()
        if known == 0:
            return table
        distance = np.minimum(np.abs(np.arange(len(counts)) - year), 3)
        per_level = np.bincount(distance[1:], weights=counts[1:], minlength=4)
        u = np.maximum(per_level, 1.0) / known
        table[1:] = np.log2(np.array(w.year) / u)[distance[1:]]
        return table

    def _month_day_weights(self, chosen: np.ndarray, month: int, day: int) -> np.ndarray:
        w = self.weights
        months, days = self.month[chosen], self.day[chosen]
        full = (months > 0) & (days > 0)
        same = full & (months == month) & (days == day)
        swapped = full & (months == day) & (days == month) & ~same
        other = full & ~same & ~swapped
        # About one in 365 random pairs shares month and day; swaps are as rare.
        out = np.zeros(len(chosen), dtype=np.float32)
        out[same] = math.log2(w.month_day[0] * 365)
        out[swapped] = math.log2(w.month_day[1] * 365)
        out[other] = math.log2(w.month_day[2])
        return out

    def search(self, request: Request, top: int = 10) -> list[tuple[str, float]]:
        """The best `top` records: (record id, match probability), best first."""
        if self.size == 0:
            return []
        chosen, total = self.score(request)
        if len(chosen) > top:
            # Everything at least as good as the top-th weight, ties included, then cut below.
            kth = np.partition(total, len(total) - top)[len(total) - top]
            keep = total >= kth
            chosen, total = chosen[keep], total[keep]
        # Best first; equal weights in record order so that results are repeatable.
        order = np.lexsort((chosen, -total))[:top]
        chosen, total = chosen[order], total[order]
        # Prior: one person sought among the registry's records.
        prior = -math.log2(max(self.size - 1, 1))
        weight = total.astype(np.float64) + prior
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


def request_from_record(record: dict) -> Request:
    """A checked record (the CSV columns) as a request: the same normalisation as
    features.build_features, for one row without building a table."""

    def text(key: str) -> str:
        value = record.get(key)
        return "" if value is None else str(value).strip()

    date = parse_birth_date_lenient(text("birth_date"))
    return Request(
        given=normalise_name(text("given_name")), family=normalise_name(text("family_name")),
        father=normalise_name(text("father_name")), mother=normalise_name(text("mother_name")),
        place=normalise_name(text("birth_place")), sex=SEX_CODES.get(text("sex").lower(), ""),
        year=date.year, month=date.month, day=date.day,
    )
