"""The jobs matching engine (corridor/jobs/matching.py) applied to a country's skill needs: a
need is given to it as a vacancy in the country of return, a candidate as the skills profile the
jobs module keeps of the person (through its selector and adapter), or, without one, as the
skills of the candidate's ISCO-08 occupation. Nothing of the scoring is copied here."""

from __future__ import annotations

from dataclasses import dataclass

from corridor.cooperation import isco
from corridor.cooperation.models import ReturnCandidate, SkillNeed
from corridor.jobs import matching
from corridor.jobs import selectors as job_selectors
from corridor.jobs.facts import candidate_facts


def need_facts(need: SkillNeed) -> matching.VacancyFacts:
    return matching.VacancyFacts(
        id=need.pk, sector=need.sector, required_skills=tuple(need.required_skills),
        languages=tuple(need.languages), place=matching.Place(country=need.country),
        education_level=need.education_level, years_wanted=need.years_wanted)


def _facts(candidate: ReturnCandidate, profile) -> matching.CandidateFacts:
    if profile is not None:
        facts = candidate_facts(profile)
        # The engine ranks by its candidate id: the candidacy's, not the profile's.
        return matching.CandidateFacts(
            id=candidate.pk, skills=facts.skills, sector_years=facts.sector_years,
            languages=facts.languages,
            places=(*facts.places, matching.Place(country=candidate.returning_to)),
            education_level=facts.education_level)
    _title, _sector, skills = isco.OCCUPATIONS.get(candidate.occupation, ("", "", ()))
    return matching.CandidateFacts(id=candidate.pk, skills=tuple(skills),
                                   places=(matching.Place(country=candidate.returning_to),))


def _profiles(actor, candidates: list[ReturnCandidate]) -> dict[int, object]:
    """The jobs module's skills profiles of the candidates, read through its selector (its
    scope applies: a user without jobs.view ranks on occupations alone)."""
    from corridor.core.errors import PermissionDenied

    try:
        profiles = job_selectors.profile_list(user=actor).filter(
            person_id__in=[c.person_id for c in candidates])
    except PermissionDenied:
        return {}
    return {profile.person_id: profile for profile in profiles}


@dataclass(frozen=True)
class RankedCandidate:
    candidate: ReturnCandidate
    match: matching.Match
    same_occupation: bool
    has_profile: bool


def rank(*, actor, need: SkillNeed, candidates: list[ReturnCandidate],
         limit: int = 20) -> list[RankedCandidate]:
    profiles = _profiles(actor, candidates)
    by_id = {c.pk: c for c in candidates}
    ranked = matching.rank_candidates(
        need_facts(need), [_facts(c, profiles.get(c.person_id)) for c in candidates],
        limit=limit)
    return [RankedCandidate(by_id[m.candidate_id], m,
                            by_id[m.candidate_id].occupation == need.occupation,
                            by_id[m.candidate_id].person_id in profiles) for m in ranked]


def match_for(*, actor, need: SkillNeed, candidate: ReturnCandidate) -> matching.Match:
    profiles = _profiles(actor, [candidate])
    return matching.score(need_facts(need), _facts(candidate, profiles.get(candidate.person_id)))
