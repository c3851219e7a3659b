"""The adapter between the models and the pure matching engine: records in, frozen facts out."""

from __future__ import annotations

import pycountry

from corridor.geo.models import AdminArea
from corridor.jobs import matching
from corridor.jobs.models import SkillsProfile, Vacancy


def language_code(code: str) -> str | None:
    """ISO 639 code as stored: two letters when the language has them, else three."""
    code = (code or "").strip().lower()
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else \
        pycountry.languages.get(alpha_3=code) if len(code) == 3 else None
    if found is None:
        return None
    return getattr(found, "alpha_2", None) or found.alpha_3


def _chain(area: AdminArea | None) -> frozenset[str]:
    codes = set()
    # Stops at level 1 (the country is compared on its own): no query past select_related.
    while area is not None and area.level > 0:
        codes.add(area.pcode)
        area = area.parent if area.level > 1 and area.parent_id else None
    return frozenset(codes)


def _place(area: AdminArea | None, country: str = "") -> matching.Place:
    if area is None:
        return matching.Place(country=country)
    return matching.Place(country=area.country, area=area.pcode if area.level > 0 else "",
                          areas=_chain(area))


def vacancy_facts(vacancy: Vacancy) -> matching.VacancyFacts:
    return matching.VacancyFacts(
        id=vacancy.pk, sector=vacancy.sector, required_skills=tuple(vacancy.required_skills),
        desirable_skills=tuple(vacancy.desirable_skills), languages=tuple(vacancy.languages),
        place=_place(vacancy.admin_area, vacancy.country), education_level=vacancy.education_level,
        years_wanted=vacancy.years_wanted)


def candidate_facts(profile: SkillsProfile) -> matching.CandidateFacts:
    person = profile.person
    languages = profile.languages or [c for c in map(language_code, person.languages or []) if c]
    places = [_place(area) for area in profile.preferred_areas.all()]
    places += [matching.Place(country=code) for code in profile.preferred_countries]
    if person.place_of_origin_id:
        places.append(_place(person.place_of_origin))
    return matching.CandidateFacts(
        id=profile.pk, skills=tuple(profile.skills), sector_years=dict(profile.sector_years),
        languages=tuple(languages), places=tuple(places), education_level=profile.education_level)


