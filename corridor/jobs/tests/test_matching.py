"""The matching engine alone: plain Python, no database."""

from __future__ import annotations

import subprocess
import sys

import pytest

from corridor.jobs import matching
from corridor.jobs.matching import CandidateFacts, Place, VacancyFacts

AMMAN = Place(country="JOR", area="JO11", areas=frozenset({"JO11"}))
AMMAN_DISTRICT = Place(country="JOR", area="JO1101", areas=frozenset({"JO1101", "JO11"}))
ZARQA = Place(country="JOR", area="JO13", areas=frozenset({"JO13"}))
BAGHDAD = Place(country="IRQ", area="IQ11", areas=frozenset({"IQ11"}))

MASON_JOB = VacancyFacts(id=1, sector="construction", required_skills=("masonry",),
                         desirable_skills=("tiling",), languages=("ar",), place=AMMAN,
                         education_level="secondary", years_wanted=2)


def candidate(id, **extra) -> CandidateFacts:
    return CandidateFacts(id=id, **extra)


def test_synonyms_and_labels_fold_to_one_code():
    assert matching.canonical_skill("Bricklaying") == "masonry"
    assert matching.canonical_skill("  MASONRY ") == "masonry"
    assert matching.canonical_skill("Painting and decorating") == "painting"
    assert matching.canonical_skill("Car-Wash  Attendant") == "car wash attendant"  # free term
    assert matching.canonical_skills(["bricklaying", "mason", "masonry", " "]) == ["masonry"]


def test_near_skills_work_both_ways():
    assert "tiling" in matching.near_skills("masonry")
    assert "masonry" in matching.near_skills("tiling")


def test_a_perfect_candidate_scores_100_and_the_explanation_says_why():
    match = matching.score(MASON_JOB, candidate(
        7, skills=("masonry", "tiling"), sector_years={"construction": 5}, languages=("ar",),
        places=(AMMAN,), education_level="tertiary"))
    assert match.score == 100.0
    e = match.explanation
    assert e.points == {"skills": 45.0, "experience": 20.0, "languages": 15.0, "place": 10.0,
                        "education": 10.0}
    assert e.skills.matched == ("masonry", "tiling") and e.skills.missing == ()
    assert e.place_tier == "area" and e.languages_shared == ("ar",)


def test_a_near_skill_earns_half_of_a_required_one():
    # required masonry (weight 2) missing but plastering is near it → 1 of 3; tiling matched → 1
    match = matching.score(MASON_JOB, candidate(1, skills=("plastering", "tiling")))
    assert match.explanation.skills.near == (("masonry", "plastering"),)
    assert match.explanation.skills.matched == ("tiling",)
    assert match.explanation.points["skills"] == pytest.approx(45 * 2 / 3, abs=0.1)


def test_missing_skills_are_named():
    match = matching.score(MASON_JOB, candidate(1, skills=("nursing",)))
    assert match.explanation.skills.missing == ("masonry", "tiling")
    assert match.explanation.points["skills"] == 0


@pytest.mark.parametrize(("places", "tier", "points"), [
    ((AMMAN,), "area", 10.0),
    ((AMMAN_DISTRICT,), "area", 10.0),     # a district inside the vacancy's governorate
    ((ZARQA,), "country", 5.0),
    ((Place(country="JOR"),), "country", 5.0),
    ((BAGHDAD,), "other", 0.0),
    ((), "unknown", 0.0),
    ((BAGHDAD, ZARQA), "country", 5.0),    # the best of the person's places counts
])
def test_place_tiers(places, tier, points):
    match = matching.score(MASON_JOB, candidate(1, places=places))
    assert match.explanation.place_tier == tier
    assert match.explanation.points["place"] == points


def test_education_one_level_short_earns_half():
    scores = {level: matching.score(MASON_JOB, candidate(1, education_level=level))
              .explanation.points["education"]
              for level in ("postgraduate", "secondary", "primary", "none", "")}
    assert scores == {"postgraduate": 10.0, "secondary": 10.0, "primary": 5.0, "none": 0.0,
                      "": 0.0}


def test_experience_is_years_in_the_sector_against_years_wanted():
    one_year = matching.score(MASON_JOB, candidate(1, sector_years={"construction": 1}))
    other_sector = matching.score(MASON_JOB, candidate(1, sector_years={"health": 9}))
    assert one_year.explanation.points["experience"] == 10.0
    assert other_sector.explanation.points["experience"] == 0.0


def test_ranking_order_is_by_score_then_id():
    people = [
        candidate(3, skills=("nursing",), languages=("ar",)),
        candidate(1, skills=("masonry",), places=(ZARQA,)),
        candidate(2, skills=("masonry", "tiling"), sector_years={"construction": 3},
                  places=(AMMAN,), languages=("ar",), education_level="secondary"),
        candidate(4, skills=("masonry",), places=(ZARQA,)),   # ties with 1: id decides
    ]
    ranked = matching.rank_candidates(MASON_JOB, people)
    assert [m.candidate_id for m in ranked] == [2, 1, 4, 3]
    assert ranked[0].score > ranked[1].score == ranked[2].score > ranked[3].score
    assert [m.candidate_id for m in matching.rank_candidates(MASON_JOB, people, limit=2)] == [2, 1]


def test_ranking_vacancies_for_a_person():
    nurse_job = VacancyFacts(id=2, sector="health", required_skills=("nursing",), place=ZARQA)
    cook_job = VacancyFacts(id=3, sector="hospitality", required_skills=("cooking",),
                            place=BAGHDAD)
    mason = candidate(9, skills=("masonry",), places=(AMMAN,), sector_years={"construction": 4})
    ranked = matching.rank_vacancies(mason, [cook_job, nurse_job, MASON_JOB])
    assert ranked[0].vacancy_id == 1
    assert {m.vacancy_id for m in ranked[1:]} == {2, 3}


def test_a_vacancy_asking_nothing_gives_full_marks_on_those_criteria():
    bare = VacancyFacts(id=5, sector="other")
    match = matching.score(bare, candidate(1))
    assert match.explanation.points["skills"] == 45.0
    assert match.explanation.points["languages"] == 15.0
    assert match.explanation.points["education"] == 10.0


def test_the_engine_imports_no_django():
    code = ("import sys; import corridor.jobs.matching; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'ninja'}); "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
