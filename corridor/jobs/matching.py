"""Ranked matching of people to vacancies, and back. Plain Python with no Django import: frozen
dataclasses in, ranked matches with a per-criterion explanation out.

Score out of 100: skills 45 (required skills count twice as much as desirable ones; a synonym is
the same skill, a near skill from the vocabulary earns half), sector experience 20, languages 15,
place 10 (same admin area > same country > other), education 10.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from corridor.jobs.vocabulary import EDUCATION_LEVELS, SKILLS

WEIGHTS: dict[str, int] = {"skills": 45, "experience": 20, "languages": 15, "place": 10,
                           "education": 10}
REQUIRED_WEIGHT = 2.0
DESIRABLE_WEIGHT = 1.0
NEAR_CREDIT = 0.5
PLACE_CREDIT = {"area": 1.0, "country": 0.5, "other": 0.0, "unknown": 0.0}
EDUCATION_RANK = {code: rank for rank, (code, _label) in enumerate(EDUCATION_LEVELS)}


def _fold(term: str) -> str:
    return re.sub(r"[\s_\-]+", " ", term.strip().lower())


_LOOKUP: dict[str, str] = {}
for _code, (_label, _sector, _synonyms, _near) in SKILLS.items():
    for _term in (_code, _label, *_synonyms):
        _LOOKUP.setdefault(_fold(_term), _code)
_NEAR: dict[str, frozenset[str]] = {code: frozenset(near) for code, (*_, near) in SKILLS.items()}
# Nearness works both ways: if masonry is near tiling, tiling is near masonry.
for _code, _near_codes in list(_NEAR.items()):
    for _other in _near_codes:
        _NEAR[_other] = _NEAR.get(_other, frozenset()) | {_code}


def canonical_skill(term: str) -> str:
    """The vocabulary code for a code, label or synonym; otherwise the folded free term."""
    folded = _fold(term)
    return _LOOKUP.get(folded, folded)


def canonical_skills(terms: Iterable[str]) -> list[str]:
    """Canonical, de-duplicated, in the order given; empty terms dropped."""
    seen: dict[str, None] = {}
    for term in terms:
        if term and term.strip():
            seen.setdefault(canonical_skill(term), None)
    return list(seen)


def is_vocabulary_skill(code: str) -> bool:
    return code in SKILLS


def near_skills(code: str) -> frozenset[str]:
    return _NEAR.get(code, frozenset())


@dataclass(frozen=True)
class Place:
    """A country (ISO3), optionally an admin area (P-code) and the chain of areas it lies in
    (itself and its ancestors, without level 0: the country is compared on its own)."""

    country: str = ""
    area: str = ""
    areas: frozenset[str] = frozenset()

    def within(self, other: Place) -> bool:
        """One area lies inside the other (or they are the same)."""
        return bool(self.area and other.area and (self.area in other.areas
                                                    or other.area in self.areas))


@dataclass(frozen=True)
class VacancyFacts:
    id: int
    sector: str
    required_skills: tuple[str, ...] = ()
    desirable_skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    place: Place = Place()
    education_level: str = ""
    years_wanted: int = 0


@dataclass(frozen=True)
class CandidateFacts:
    id: int
    skills: tuple[str, ...] = ()
    sector_years: dict[str, float] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    education_level: str = ""


@dataclass(frozen=True)
class SkillsFound:
    matched: tuple[str, ...]
    near: tuple[tuple[str, str], ...]  # (wanted skill, the candidate's near skill)
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """Why a score: each criterion's points, and the facts behind them."""

    points: dict[str, float]
    skills: SkillsFound
    sector: str
    years: float
    years_wanted: int
    languages_shared: tuple[str, ...]
    languages_wanted: tuple[str, ...]
    place_tier: str  # area, country, other, unknown
    education_level: str
    education_wanted: str


@dataclass(frozen=True)
class Match:
    vacancy_id: int
    candidate_id: int
    score: float
    explanation: Explanation


def _skills(vacancy: VacancyFacts, candidate: CandidateFacts) -> tuple[float, SkillsFound]:
    have = set(candidate.skills)
    wanted = [(s, REQUIRED_WEIGHT) for s in vacancy.required_skills]
    wanted += [(s, DESIRABLE_WEIGHT) for s in vacancy.desirable_skills
               if s not in vacancy.required_skills]
    if not wanted:
        return 1.0, SkillsFound((), (), ())
    earned = total = 0.0
    matched, near, missing = [], [], []
    for skill, weight in wanted:
        total += weight
        if skill in have:
            earned += weight
            matched.append(skill)
            continue
        close = sorted(near_skills(skill) & have)
        if close:
            earned += weight * NEAR_CREDIT
            near.append((skill, close[0]))
        else:
            missing.append(skill)
    return earned / total, SkillsFound(tuple(matched), tuple(near), tuple(missing))


def _experience(vacancy: VacancyFacts, candidate: CandidateFacts) -> tuple[float, float]:
    years = float(candidate.sector_years.get(vacancy.sector, 0) or 0)
    if vacancy.years_wanted <= 0:
        return (1.0 if years > 0 else 0.5), years
    return min(years / vacancy.years_wanted, 1.0), years


def _languages(vacancy: VacancyFacts, candidate: CandidateFacts) -> tuple[float, tuple[str, ...]]:
    if not vacancy.languages:
        return 1.0, ()
    shared = tuple(code for code in vacancy.languages if code in set(candidate.languages))
    return len(shared) / len(vacancy.languages), shared


def place_tier(wanted: Place, places: Iterable[Place]) -> str:
    """'area' when an admin area is shared (one inside the other), 'country' when only the
    country is, 'other' otherwise; 'unknown' when either side names no place."""
    places = [p for p in places if p.country or p.area]
    if not places or not (wanted.country or wanted.area):
        return "unknown"
    if any(wanted.within(p) for p in places):
        return "area"
    if wanted.country and any(p.country == wanted.country for p in places):
        return "country"
    return "other"


def _education(vacancy: VacancyFacts, candidate: CandidateFacts) -> float:
    if not vacancy.education_level:
        return 1.0
    if candidate.education_level not in EDUCATION_RANK:
        return 0.0
    gap = EDUCATION_RANK[vacancy.education_level] - EDUCATION_RANK[candidate.education_level]
    return 1.0 if gap <= 0 else 0.5 if gap == 1 else 0.0


def score(vacancy: VacancyFacts, candidate: CandidateFacts) -> Match:
    skills_fraction, found = _skills(vacancy, candidate)
    experience_fraction, years = _experience(vacancy, candidate)
    languages_fraction, shared = _languages(vacancy, candidate)
    tier = place_tier(vacancy.place, candidate.places)
    fractions = {"skills": skills_fraction, "experience": experience_fraction,
                 "languages": languages_fraction, "place": PLACE_CREDIT[tier],
                 "education": _education(vacancy, candidate)}
    points = {key: round(WEIGHTS[key] * fraction, 1) for key, fraction in fractions.items()}
    explanation = Explanation(
        points=points, skills=found, sector=vacancy.sector, years=years,
        years_wanted=vacancy.years_wanted, languages_shared=shared,
        languages_wanted=vacancy.languages, place_tier=tier,
        education_level=candidate.education_level, education_wanted=vacancy.education_level)
    return Match(vacancy_id=vacancy.id, candidate_id=candidate.id,
                 score=round(sum(points.values()), 1), explanation=explanation)


def rank_candidates(vacancy: VacancyFacts, candidates: Iterable[CandidateFacts], *,
                    limit: int = 20, minimum: float = 0.0) -> list[Match]:
    """Best candidates first; ties by candidate id so the order is stable."""
    matches = [score(vacancy, c) for c in candidates]
    matches = [m for m in matches if m.score > minimum]
    matches.sort(key=lambda m: (-m.score, m.candidate_id))
    return matches[:limit]


def rank_vacancies(candidate: CandidateFacts, vacancies: Iterable[VacancyFacts], *,
                   limit: int = 20, minimum: float = 0.0) -> list[Match]:
    """Best vacancies first; ties by vacancy id."""
    matches = [score(v, candidate) for v in vacancies]
    matches = [m for m in matches if m.score > minimum]
    matches.sort(key=lambda m: (-m.score, m.vacancy_id))
    return matches[:limit]
