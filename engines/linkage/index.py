"""Tracing search: an in-memory index of the registry, scored Fellegi–Sunter style per request.

A tracing request is one person looked for among a million. Blocking, as in dedupe, loses the
requests whose every blocking key carries a variant or typo; here nothing is blocked out.
Instead the registry is held as integer codes into small vocabularies (names repeat: a million
records hold a few tens of thousands of distinct spellings), and for each request:

1. the request's names are compared once with every distinct spelling (rapidfuzz, vectorised),
   giving each spelling a comparison level: exact, same consonant skeleton, near, weak, else.
   Besides the letters and the skeleton, the comparison reads a name without a particle glued
   to it ("Elshami", "Abuali"), French "ch" as "sh", Somali "c" as the ayin, a request token
   one typo from a spelling of the variant table as that table's name, and the request's
   spelling against the registry's spellings as written (a typo of "Elsayed" is near the name
   the table reads as "said"). A skeleton shared by letters far apart ("Hoda"/"Haddad") is
   only weak;
2. the u probability of each level is counted exactly for this request — the share of the
   registry that reaches that level — which is term-frequency adjustment at every level:
   agreeing on "Mohammed" is worth less than agreeing on "Zabihullah". A worse level never
   weighs more than a better one;
3. the weights log2(m/u) are gathered for every record through its codes, summed with the
   birth-year (an estimated year forgiven more), place, father's name, sex and, when the index
   holds the names as written, spelling evidence, and the best `top` are kept; equal weights
   are ordered by how close the names are letter by letter.

An empty field, on either side, adds nothing: unknown is not a mismatch.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from engines.linkage.dates import parse_birth_date_lenient
from engines.linkage.features import SEX_CODES
from engines.linkage.normalise import (
    PARTICLES,
    name_skeleton,
    normalise_name,
    normalise_place,
    skeleton,
    table_names,
    variants,
)

# Comparison levels of a name, best first; "else" is 0 and blank has no level.
EXACT, SKELETON, NEAR, WEAK, OTHER = 4, 3, 2, 1, 0
NEAR_SIMILARITY = 0.9
WEAK_SIMILARITY = 0.8
# Tokens this long or longer one edit from a spelling of the variant table are read as its
# name (shorter ones: "ali"/"alo" are two names).
TYPO_MIN_LENGTH = 5
# The fields an explanation of a search result lists, in the order of the review page.
EXPLAINED_FIELDS = ("given_name", "family_name", "birth_date", "sex", "birth_place",
                    "father_name", "mother_name")
# Level labels of engines.linkage.comparisons, by index level (OTHER .. EXACT).
_NAME_LABELS = ("mismatch", "near: somewhat similar", "near: similar spelling",
                "near: same sound", "match: same name")
_PLACE_LABELS = ("mismatch", "near: somewhat similar", "near: similar", "near: similar",
                 "match: same")
# Letter similarity (Jaro-Winkler) below which a shared skeleton is only weak evidence.
SKELETON_LETTERS = 0.78
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
    # The same when the record holds only a year (or 1 January), the usual trace of an
    # estimated age: its year is itself a guess, so a year off is nearly as likely.
    estimated_year: tuple[float, float, float, float] = (0.45, 0.4, 0.1, 0.05)
    # Month and day known on both sides: equal, swapped, different.
    month_day: tuple[float, float, float] = (0.75, 0.08, 0.17)
    sex_agrees: float = 0.97
    # Given and family names written the other way round: a price (3 bits), not a mismatch.
    swap_penalty: float = 3.0
    # Weights are bounded so that one very rare exact spelling cannot decide alone.
    max_weight: float = 14.0
    # Among records whose name is the request's name (same canonical form), how often the
    # sought person's record is also written with the request's very spelling beyond chance:
    # transliteration habits are shared by an enquirer and the office that registered the
    # person ("Mohamad" in Lebanon, "Mukhammed" in Russian-speaking offices). m of spelling
    # agreement is copied + (1 - copied) * u: a spelling everybody uses proves nothing.
    spelling_copied: float = 0.2


_NOT_LETTER = re.compile(r"[^a-z]+")


def spelling_key(text: str) -> str:
    """The spelling as written, with what is not a transliteration choice folded away: case,
    accents, hyphens and spaces ("Al-Hassan", "AL HASSAN" and "alhassan" are one spelling;
    "Alhasan" is another)."""
    if not text:
        return ""
    return _NOT_LETTER.sub("", anyascii(unicodedata.normalize("NFKC", text)).lower())


# The record columns whose spelling is kept beside the canonical value, by feature name.
SPELLING_COLUMNS = {"given": "given_name", "family": "family_name", "father": "father_name",
                    "mother": "mother_name", "place": "birth_place"}


def with_spellings(features: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Features of `records` (same rows, same order) with each name's spelling key added
    (`<feature>_spelling`), which the index compares beside the canonical value."""
    out = features.copy()
    for short, column in SPELLING_COLUMNS.items():
        values = records[column] if column in records.columns else pd.Series("", index=records.index)
        codes, uniques = pd.factorize(values.fillna("").astype(str))
        mapped = np.array([spelling_key(u) for u in uniques] + [""], dtype=object)
        out[f"{short}_spelling"] = mapped[codes]
    return out


_SOMALI_AYIN = re.compile(r"c(?=[aeiou])")


def loose_skeleton(canonical: str) -> str:
    """A second, looser key: Somali orthography writes the ayin as "c" ("Cabdi", "Cumar",
    "Ismaaciil") where other spellings write nothing ("Abdi", "Umar", "Ismail"). Dropping a "c"
    before a vowel folds them together; used only at the near level, so that the French "c"
    of "Camara" losing its letter costs nothing. French transliteration writes "ch" for the
    "sh" of English ("Racha", "Bachir", "Chami"): read as "sh" here too."""
    if not canonical:
        return ""
    return name_skeleton(_SOMALI_AYIN.sub("", canonical.replace("ch", "sh")))


# The normaliser's particles, longest first ("bint" before "bin").
_GLUED_PARTICLE = re.compile(
    r"^(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")(?=[a-z]{3,}$)")


@lru_cache(maxsize=1_000_000)
def bare_name(canonical: str) -> str:
    """The name with a particle glued to a token taken off ("Elshami", "Alnajar", "Abuali"),
    tokens joined: the normaliser strips a glued particle only before a name its table knows,
    so "elshami" and "shami" ("Al-Shami") stay apart there. The rest must be a name the table
    knows or at least four letters ("Alina", "Bintou" stay whole)."""
    if not canonical:
        return ""
    known = table_names()  # was rebuilt from the whole table for every name
    out = []
    for token in canonical.split():
        match = _GLUED_PARTICLE.match(token)
        rest = token[match.end():] if match else token
        out.append(rest if match and (len(rest) >= 4 or rest in known) else token)
    return "".join(out)


def bare_skeleton(canonical: str) -> str:
    """The skeleton of bare_name: compared at the skeleton level."""
    return skeleton(bare_name(canonical)) if canonical else ""


@lru_cache(maxsize=65_536)
def table_reading(canonical: str) -> str:
    """The request's name read through the variant table when a token is a misspelling of a
    spelling the table knows ("Mamaddou" for "Mamadou", which the table makes "mohammed"):
    each unknown token of at least TYPO_MIN_LENGTH letters one edit from, or with the same
    skeleton as, spellings of exactly one canonical name is replaced by it. "" when nothing
    changes. Records holding the result are the same name misspelt: at most the skeleton level."""
    if not canonical:
        return ""
    table = variants()
    known = set(table.values())
    spellings = list(table)
    out, changed = [], False
    for token in canonical.split():
        if token in known or token in table or len(token) < TYPO_MIN_LENGTH:
            out.append(token)
            continue
        edits = process.cdist([token], spellings, scorer=OSA.distance, dtype=np.int32,
                              workers=1, score_cutoff=1)[0]
        # A typo of a known spelling first; failing that, a spelling with the same skeleton.
        names = {table[s] for s, e in zip(spellings, edits, strict=True)
                 if e <= 1 and len(s) >= TYPO_MIN_LENGTH}
        if not names:
            key = skeleton(token)
            names = {table[s] for s in spellings if skeleton(s) == key}
        if len(names) == 1:
            out.append(names.pop())
            changed = True
        else:
            out.append(token)
    return " ".join(out) if changed else ""


_VOWELS = re.compile(r"[aeiou]")


def _abjad(joined: str) -> bool:
    """A name written without its vowels, as Arabic and Hebrew script transliterate ("mhmd",
    "ftmh"): at most one vowel in three letters or more."""
    return len(joined) >= 3 and len(_VOWELS.findall(joined)) <= 1


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
    bare: list[str] = field(default_factory=list)  # bare_name of each value
    bare_codes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    bare_lookup: dict[str, int] = field(default_factory=dict)
    abjad: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Names (not places) are also read through the variant table (table_reading).
    read_through_table: bool = False
    # The registry's spellings as written (spelling_key) and the value each spells: a request
    # misspelling one spelling of a name ("Eltsayed" for "Elsayed", which the table reads as
    # "said") is near that name. Empty when the index holds canonical values only.
    spellings: list[str] = field(default_factory=list)
    spelling_owners: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    _cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, values: np.ndarray) -> _Vocabulary:
        values = np.concatenate([np.array([""], dtype=object), values.astype(object)])
        joined = [v.replace(" ", "") for v in values]
        skeletons_per_value = [name_skeleton(v) if v else "" for v in values]
        skeleton_codes, skeletons = pd.factorize(pd.Series(skeletons_per_value, dtype=object))
        loose_codes, loose = pd.factorize(pd.Series([loose_skeleton(v) for v in values],
                                                    dtype=object))
        bare_codes, bare = pd.factorize(pd.Series([bare_skeleton(v) for v in values],
                                                  dtype=object))
        return cls(
            abjad=np.array([_abjad(v) for v in joined], dtype=bool),
            bare=[bare_name(v) for v in values],
            bare_codes=bare_codes.astype(np.int32),
            bare_lookup={k: i for i, k in enumerate(bare)},
            loose_codes=loose_codes.astype(np.int32),
            loose_lookup={k: i for i, k in enumerate(loose)},
            values=values,
            joined=joined,
            skeleton_codes=skeleton_codes.astype(np.int32),
            skeletons=list(skeletons),
            lookup={v: i for i, v in enumerate(values)},
            skeleton_lookup={s: i for i, s in enumerate(skeletons)},
        )

    def levels(self, query: str, spelling: str = "") -> np.ndarray:
        """The comparison level of `query` (written `spelling`, its spelling_key, when known)
        against every value (-1 for the blank value)."""
        return self.compare(query, spelling)[0]

    def closeness(self, query: str, spelling: str = "") -> np.ndarray:
        """Per value, the Jaro-Winkler similarity of its letters to `query`'s (0 below
        WEAK_SIMILARITY) as 0..255: orders values that reach the same level ("Karime" is
        closer to "Karimi" than "Kareeme", though both have its skeleton), for ranking
        records whose weights are equal."""
        return self.compare(query, spelling)[1]

    def compare(self, query: str, spelling: str = "") -> tuple[np.ndarray, np.ndarray]:
        """Levels and closeness of `query` against every value.

        Cached: enquirers ask about the same common names again and again, and comparing one
        name with every spelling of the registry is most of a request's cost."""
        spelling = spelling if len(self.spellings) else ""
        key = (query, spelling)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        level, close = self._levels(query)
        if spelling:
            self._near_spellings(spelling, level)
        alternative = table_reading(query) if self.read_through_table else ""
        if alternative and alternative != query:
            other_level, other_close = self._levels(alternative)
            level = np.maximum(level, np.minimum(other_level, SKELETON))
            close = np.maximum(close, other_close)
            level[0] = -1
        level.setflags(write=False)
        close.setflags(write=False)
        with self._lock:
            self._cache[key] = (level, close)
            if len(self._cache) > LEVEL_CACHE_SIZE:
                self._cache.popitem(last=False)
        return level, close

    def _near_spellings(self, spelling: str, level: np.ndarray) -> None:
        """Raise to NEAR the values one of whose registry spellings is near `spelling` letter
        by letter: a typo of a variant the table folds into another name."""
        similarity = process.cdist(
            [spelling], self.spellings, scorer=JaroWinkler.normalized_similarity,
            dtype=np.float32, workers=1, score_cutoff=NEAR_SIMILARITY,
        )[0]
        owners = self.spelling_owners[similarity >= NEAR_SIMILARITY]
        owners = owners[level[owners] < NEAR]
        level[owners[owners > 0]] = NEAR

    def _levels(self, query: str) -> tuple[np.ndarray, np.ndarray]:
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
        close = np.rint(similarity * 255).astype(np.uint8)
        # Without glued particles on either side ("Alnajar" against "Najdar").
        similarity = np.maximum(similarity, process.cdist(
            [bare_name(query)], self.bare, scorer=JaroWinkler.normalized_similarity,
            dtype=np.float32, workers=1, score_cutoff=WEAK_SIMILARITY)[0])
        similarity = np.maximum(similarity, skeleton_similarity)
        level = np.where(similarity >= NEAR_SIMILARITY, NEAR,
                         np.where(similarity >= WEAK_SIMILARITY, WEAK, OTHER)).astype(np.int8)
        loose = loose_skeleton(query)
        loose_code = self.loose_lookup.get(loose) if loose else None
        if loose_code is not None:
            same_loose = self.loose_codes == loose_code
            level[same_loose] = np.maximum(level[same_loose], NEAR)
        bare_key = bare_skeleton(query)
        bare_code = self.bare_lookup.get(bare_key) if bare_key else None
        if bare_code is not None:
            level[self.bare_codes == bare_code] = SKELETON
        skeleton_code = self.skeleton_lookup.get(skeleton) if skeleton else None
        if skeleton_code is not None:
            same = np.flatnonzero(self.skeleton_codes == skeleton_code)
            level[same] = SKELETON
            if not _abjad(joined):
                # A skeleton shared by names whose letters are far apart is a coincidence of
                # a coarse key ("Hoda" / "Haddad", "Zohra" / "Zahir"), not a spelling of one
                # name — unless one side is written without its vowels ("mhmd").
                letters = process.cdist([joined], [self.joined[i] for i in same],
                                        scorer=JaroWinkler.normalized_similarity,
                                        dtype=np.float32, workers=1)[0]
                far = same[(letters < SKELETON_LETTERS) & ~self.abjad[same]]
                level[far] = WEAK
        exact = self.lookup.get(query)
        if exact is not None:
            level[exact] = EXACT
        level[0] = -1
        close[0] = 0
        return level, close


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
    weight = np.clip(np.log2(m.by_level() / u), -cap, cap)
    # A worse agreement never weighs more than a better one. Counted per request, u of the near
    # levels is tiny when the request's name is common and well spelt (only the registry's own
    # misspellings are near it), which would make "Fofahna" outweigh "Fofana" asked as
    # "Fofanah"; but then the sought record is most likely among the well-spelt ones, and m of
    # the near levels (set for requests as misspelt as the registry) overstates it.
    weight = np.minimum.accumulate(weight[::-1])[::-1].astype(np.float32)
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
    # Spelling keys (spelling_key) of the names as written, by feature name; may be empty.
    spellings: dict[str, str] = field(default_factory=dict)


class SearchIndex:
    """The registry as codes, built once; `search` answers one request."""

    def __init__(self, features: pd.DataFrame, weights: SearchWeights | None = None) -> None:
        self.weights = weights or SearchWeights()
        self.ids = features["unique_id"].astype(str).to_numpy(dtype=object)
        self._row_of: dict[str, int] | None = None  # built when first asked (rows_of)
        self.size = len(features)
        names = [self._text(features, c) for c in ("given", "family", "father", "mother")]
        name_values = pd.unique(np.concatenate(names))
        name_values = name_values[name_values != ""]
        self.names = _Vocabulary.build(name_values)
        self.names.read_through_table = True
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
        # A year without month and day (1 January is read as that, see dates.py) is most
        # often an age estimated at registration.
        self.estimated = (self.year > 0) & (self.month == 0)
        sex = self._text(features, "sex")
        self.sex = np.select([sex == "m", sex == "f"], [1, 2], 0).astype(np.int8)
        # Counts that every request's u probabilities are drawn from, counted once.
        self.year_counts = np.bincount(self.year.astype(np.int64), minlength=1).astype(np.float64)
        self.sex_counts = np.bincount(self.sex, minlength=3).astype(np.float64)
        # Postings: the records holding each name code as given or family name, so that a
        # request only touches the records whose names are near its own.
        self.postings = {key: self._postings(getattr(self, key)) for key in ("given", "family")}
        self._build_spellings(features)

    def _build_spellings(self, features: pd.DataFrame) -> None:
        """Codes of the spellings as written (when the features carry them, see
        with_spellings), with their counts per column; code 0 is "not known"."""
        columns = [f"{short}_spelling" for short in SPELLING_COLUMNS]
        self.has_spellings = all(c in features.columns for c in columns)
        self.spelling_lookup: dict[str, int] = {"": 0}
        self.spelling_codes: dict[str, np.ndarray] = {}
        self.spelling_counts: dict[str, np.ndarray] = {}
        if not self.has_spellings:
            return
        texts = {short: self._text(features, f"{short}_spelling") for short in SPELLING_COLUMNS}
        values = pd.unique(np.concatenate(list(texts.values())))
        for value in values:
            self.spelling_lookup.setdefault(value, len(self.spelling_lookup))
        size = len(self.spelling_lookup)
        for short, column in texts.items():
            codes, uniques = pd.factorize(column)
            mapping = np.array([self.spelling_lookup[u] for u in uniques], dtype=np.int32)
            self.spelling_codes[short] = (mapping[codes] if len(uniques)
                                          else np.zeros(len(column), dtype=np.int32))
            self.spelling_counts[short] = np.bincount(self.spelling_codes[short],
                                                      minlength=size).astype(np.float64)
        self.spelling_counts["main"] = (self.spelling_counts["given"]
                                        + self.spelling_counts["family"]) / 2
        written = np.array(list(self.spelling_lookup), dtype=object)
        for vocabulary, columns in ((self.names, ("given", "family", "father", "mother")),
                                    (self.places, ("place",))):
            # Each distinct (spelling, value) pair once; one spelling may spell two values.
            pairs = np.unique(np.concatenate([
                self.spelling_codes[c].astype(np.int64) * len(vocabulary.values) + getattr(self, c)
                for c in columns]))
            pairs = pairs[pairs >= len(vocabulary.values)]  # spelling "" (unknown) left out
            vocabulary.spellings = written[pairs // len(vocabulary.values)].tolist()
            vocabulary.spelling_owners = (pairs % len(vocabulary.values)).astype(np.int32)

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

    def _spelling_weights(self, spelling: str, canonical_code: int | None, records: np.ndarray,
                          spellings: np.ndarray, canonical_counts: np.ndarray,
                          spelling_counts: np.ndarray) -> np.ndarray | None:
        """Weight of the spelling agreement among the records (canonical codes `records`,
        spelling codes `spellings`) holding the request's canonical name: a second comparison
        nested in the exact level, its u the share of that name's records written this way."""
        if not (self.has_spellings and spelling and canonical_code):
            return None
        holders = canonical_counts[canonical_code]
        if holders <= 0:
            return None
        code = self.spelling_lookup.get(spelling, -1)
        same_name = (records == canonical_code) & (spellings > 0)
        if not same_name.any():
            return None
        copied = self.weights.spelling_copied
        u = min(max(spelling_counts[code] if code > 0 else 0.0, 1.0) / holders, 1.0)
        out = np.zeros(len(records), dtype=np.float32)
        agree = same_name & (spellings == code)
        out[agree] = math.log2((copied + (1 - copied) * u) / u)
        out[same_name & ~agree] = math.log2(1 - copied)
        return out

    def _name_weights(self, query: str, spelling: str, column: str,
                      m: NameM) -> tuple[np.ndarray, np.ndarray]:
        levels = self.names.levels(query, spelling)
        weights = _weights_for(levels, self.name_counts[column], m, self.weights.max_weight)
        return weights, levels

    def score(self, request: Request) -> tuple[np.ndarray, np.ndarray]:
        """The candidate records (indices) and their match weights (log2 Bayes factor, prior
        excluded). A candidate has a given or family name at least near one of the request's,
        in either order; a request without names makes every record a candidate."""
        levels = self._main_levels(request)
        chosen = self._candidates(levels)
        total = np.zeros(len(chosen), dtype=np.float32)
        if len(chosen):
            for weights in self._field_weights(request, chosen, levels)[0].values():
                total += weights
        return chosen, total

    def _main_levels(self, request: Request) -> dict[str, np.ndarray]:
        """The levels of the request's main names against every name of the vocabulary, by
        "given" / "family" (only those the request gives)."""
        written = request.spellings
        return {key: self.names.levels(query, written.get(key, ""))
                for key, query in (("given", request.given), ("family", request.family))
                if query}

    def _candidates(self, levels: dict[str, np.ndarray]) -> np.ndarray:
        """The records worth scoring: a given or family name at least near one of the
        request's (all records when the request gives no name)."""
        if not levels:
            return np.arange(self.size, dtype=np.int32)
        near_codes = np.flatnonzero(np.logical_or.reduce([lv >= NEAR for lv in levels.values()]))
        parts = self._holding("given", near_codes) + self._holding("family", near_codes)
        # A mask, not np.unique: marking 100,000 postings is far cheaper than sorting them.
        mask = np.zeros(self.size, dtype=bool)
        for part in parts:
            mask[part] = True
        return np.flatnonzero(mask).astype(np.int32)

    def explain(self, request: Request, rows: Sequence[int]
                ) -> list[tuple[float, list[tuple[str, str, float]]]]:
        """For records `rows` (indices): the match weight `score` gives each (prior excluded)
        and, per field of EXPLAINED_FIELDS, the level's label and the weight it added."""
        rows = np.asarray(rows, dtype=np.int32)
        levels = self._main_levels(request)
        weights, swap = self._field_weights(request, rows, levels)
        out = []
        for i, row in enumerate(rows.tolist()):
            fields = [(field, self._level_label(request, field, row, bool(swap[i]), levels),
                       float(weights[field][i]) if field in weights else 0.0)
                      for field in EXPLAINED_FIELDS]
            out.append((float(sum(weights[f][i] for f in weights)), fields))
        return out

    def _level_label(self, request: Request, field: str, row: int, swapped: bool,
                     levels: dict[str, np.ndarray]) -> str:
        """The label (as engines.linkage.comparisons names its levels) of one field of one
        record against the request; "blank" when either side has nothing."""
        if field in ("given_name", "family_name"):
            key = field.split("_")[0]
            if key not in levels:
                return "blank"
            same = self.given if key == "given" else self.family
            other = self.family if key == "given" else self.given
            code = int(other[row] if swapped else same[row])
            if code == 0:
                return "blank"
            return "near: swapped" if swapped else _NAME_LABELS[int(levels[key][code])]
        if field in ("father_name", "mother_name", "birth_place"):
            key = {"father_name": "father", "mother_name": "mother", "birth_place": "place"}[field]
            query = getattr(request, key)
            code = int(getattr(self, key)[row])
            if not query or code == 0:
                return "blank"
            vocabulary = self.places if key == "place" else self.names
            level = int(vocabulary.levels(query, request.spellings.get(key, ""))[code])
            return (_PLACE_LABELS if key == "place" else _NAME_LABELS)[level]
        if field == "birth_date":
            year = int(self.year[row])
            if not request.year or year == 0:
                return "blank"
            distance = abs(year - request.year)
            if distance == 0:
                month, day = int(self.month[row]), int(self.day[row])
                if not (request.month and request.day and month and day):
                    return "match: same"
                if (month, day) == (request.month, request.day):
                    return "match: same date"
                if (month, day) == (request.day, request.month):
                    return "near: day and month swapped"
                return "near: one part differs"
            if distance == 1:
                return ("near: estimated, within a year" if self.estimated[row]
                        else "near: within a year")
            return "mismatch"
        if field == "sex":
            code = int(self.sex[row])
            if request.sex not in ("m", "f") or code == 0:
                return "blank"
            return "match: same" if code == (1 if request.sex == "m" else 2) else "mismatch"
        raise ValueError(f"no such field: {field}")

    @property
    def prior_weight(self) -> float:
        """log2 prior odds of a match: one person sought among the registry's records."""
        return -math.log2(max(self.size - 1, 1))

    def rows_of(self, ids: Sequence[str]) -> list[int]:
        """The index rows of records by id (KeyError for an id the index does not hold)."""
        return [self._rows()[str(record_id)] for record_id in ids]

    def __contains__(self, record_id: object) -> bool:
        return str(record_id) in self._rows()

    def _rows(self) -> dict[str, int]:
        if self._row_of is None:
            self._row_of = {record_id: i for i, record_id in enumerate(self.ids.tolist())}
        return self._row_of

    def _field_weights(self, request: Request, chosen: np.ndarray, levels: dict[str, np.ndarray]
                       ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Per record field (the CSV column names), the weight it adds to each chosen record,
        and whether each record's main names were read swapped. Their sum is the match weight:
        `score` ranks by it and `explain` shows it field by field."""
        w = self.weights
        cap = w.max_weight
        written = request.spellings
        out: dict[str, np.ndarray] = {}
        swap = np.zeros(len(chosen), dtype=bool)
        given, family = self.given[chosen], self.family[chosen]
        # Main names in the written order and swapped; the better reading counts. In the
        # swapped reading the request's given name is compared with the record's family name;
        # the swap's price goes to the first main name the request gives.
        if levels:
            straight = {f: np.zeros(len(chosen), dtype=np.float32) for f in ("given", "family")}
            swapped = {f: np.zeros(len(chosen), dtype=np.float32) for f in ("given", "family")}
            swapped["given" if "given" in levels else "family"] -= w.swap_penalty
            for query, same, m_same, m_other in (
                (request.given, "given", w.given, w.family),
                (request.family, "family", w.family, w.given),
            ):
                if not query:
                    continue
                # Both readings count how common the name is among given and family names
                # together: by the family-name column alone, a given name written as a family
                # name would look vanishingly rare and the swapped reading would win.
                same_w = _weights_for(levels[same], self.main_name_counts, m_same, cap)
                other_w = _weights_for(levels[same], self.main_name_counts, m_other, cap)
                here, there = (given, family) if same == "given" else (family, given)
                straight[same] += same_w[here]
                swapped[same] += other_w[there]
                spelling = written.get(same, "")
                if spelling and self.has_spellings:
                    code = self.names.lookup.get(query)
                    here_sp, there_sp = (
                        self.spelling_codes[c][chosen]
                        for c in ((same, "family") if same == "given" else (same, "given"))
                    )
                    for reading, records, spellings in ((straight[same], here, here_sp),
                                                        (swapped[same], there, there_sp)):
                        bonus = self._spelling_weights(
                            spelling, code, records, spellings, self.main_name_counts,
                            self.spelling_counts["main"])
                        if bonus is not None:
                            reading += bonus
            swap = (swapped["given"] + swapped["family"]) > (straight["given"] + straight["family"])
            for f in ("given", "family"):
                out[f"{f}_name"] = np.where(swap, swapped[f], straight[f])
        for query, column, m in (
            (request.father, "father", w.father),
            (request.mother, "mother", w.mother),
        ):
            if query:
                weights, _ = self._name_weights(query, written.get(column, ""), column, m)
                records = getattr(self, column)[chosen]
                out[f"{column}_name"] = weights[records] + self._column_spelling(
                    request, column, self.names.lookup.get(query), records, chosen,
                    self.name_counts[column])
        if request.place:
            levels_place = self.places.levels(request.place, written.get("place", ""))
            weights = _weights_for(levels_place, self.place_counts, w.place, cap)
            records = self.place[chosen]
            out["birth_place"] = weights[records] + self._column_spelling(
                request, "place", self.places.lookup.get(request.place), records, chosen,
                self.place_counts)
        if request.year:
            years = self.year[chosen]
            estimated = self.estimated[chosen]
            date = np.where(estimated, self._year_weights(request.year, estimated=True)[years],
                            self._year_weights(request.year)[years])
            if request.month and request.day:
                date = date + self._month_day_weights(chosen, request.month, request.day)
            out["birth_date"] = date
        if request.sex in ("m", "f"):
            out["sex"] = self._sex_weights(request.sex)[self.sex[chosen]]
        return {k: np.asarray(v, dtype=np.float32) for k, v in out.items()}, swap

    def _column_spelling(self, request: Request, column: str, code: int | None,
                         records: np.ndarray, chosen: np.ndarray,
                         counts: np.ndarray) -> np.ndarray | float:
        spelling = request.spellings.get(column, "")
        if not (spelling and self.has_spellings):
            return 0.0
        bonus = self._spelling_weights(spelling, code, records, self.spelling_codes[column][chosen],
                                       counts, self.spelling_counts[column])
        return 0.0 if bonus is None else bonus

    def _closeness(self, request: Request, rows: np.ndarray) -> np.ndarray:
        """Summed closeness (Vocabulary.closeness) of the request's names and place to each
        record's, the main names in the better of the two orders."""
        out = np.zeros(len(rows), dtype=np.int32)
        given, family = self.given[rows], self.family[rows]
        straight, swapped = out.copy(), out.copy()
        written = request.spellings
        for key, query, here, there in (("given", request.given, given, family),
                                        ("family", request.family, family, given)):
            if query:
                close = self.names.closeness(query, written.get(key, ""))
                straight += close[here]
                swapped += close[there]
        out += np.maximum(straight, swapped)
        for key, query, column in (("father", request.father, self.father),
                                   ("mother", request.mother, self.mother)):
            if query:
                out += self.names.closeness(query, written.get(key, ""))[column[rows]]
        if request.place:
            out += self.places.closeness(request.place,
                                         written.get("place", ""))[self.place[rows]]
        return out

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

    def _year_weights(self, year: int, *, estimated: bool = False) -> np.ndarray:
        """A table indexed by record year (0 = unknown) of the weight against `year`."""
        w = self.weights
        m = w.estimated_year if estimated else w.year
        counts = self.year_counts
        table = np.zeros(len(counts), dtype=np.float32)
        known = counts[1:].sum()
        if known == 0:
            return table
        distance = np.minimum(np.abs(np.arange(len(counts)) - year), 3)
        per_level = np.bincount(distance[1:], weights=counts[1:], minlength=4)
        u = np.maximum(per_level, 1.0) / known
        table[1:] = np.log2(np.array(m) / u)[distance[1:]]
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
        # Best first; equal weights by how close the names are written (a finer comparison
        # than the levels), then in record order so that results are repeatable.
        order = np.lexsort((chosen, -self._closeness(request, chosen), -total))[:top]
        chosen, total = chosen[order], total[order]
        probability = match_probability(total.astype(np.float64) + self.prior_weight)
        return [(str(self.ids[i]), float(p)) for i, p in zip(chosen, probability, strict=True)]


def match_probability(weight):
    """The probability of a match weight (log2 odds, prior included); float or array."""
    return 1.0 / (1.0 + np.exp2(-weight))


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
        spellings={short: text(f"{short}_spelling") for short in SPELLING_COLUMNS
                   if text(f"{short}_spelling")},
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
        place=normalise_place(text("birth_place")), sex=SEX_CODES.get(text("sex").lower(), ""),
        year=date.year, month=date.month, day=date.day,
        spellings={short: spelling_key(text(column)) for short, column in SPELLING_COLUMNS.items()
                   if spelling_key(text(column))},
    )
