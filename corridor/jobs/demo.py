"""Demo vacancies in the country offices, and skills profiles for some demo returnees."""

from __future__ import annotations

import random

from corridor.access.models import Membership, Office, User
from corridor.geo.models import AdminArea
from corridor.jobs import services
from corridor.jobs.models import SkillsProfile, Vacancy
from corridor.jobs.vocabulary import SKILLS
from corridor.registry.models import Person

# office code: (title, employer, sector, required, desirable, languages, posts)
_VACANCIES = {
    "CO-JOR": [
        ("Site mason", "Amman Build Co.", "construction", ["masonry", "concrete_work"],
         ["tiling"], ["ar"], 4),
        ("Community nurse", "Zarqa Health Centre", "health", ["nursing"], ["first_aid"],
         ["ar", "en"], 2),
        ("Hotel cook", "Dead Sea Resort", "hospitality", ["cooking"], ["baking"], ["ar"], 3),
    ],
    "CO-IRQ": [
        ("Electrician", "Erbil Power Services", "construction", ["electrical_installation"],
         ["solar_installation"], ["ar", "ku"], 5),
        ("Primary teacher", "Mosul Education Directorate", "education", ["teaching_primary"],
         ["childcare"], ["ar"], 6),
        ("Truck driver", "Basra Logistics", "transport", ["truck_driving"], ["warehousing"],
         ["ar"], 3),
    ],
    "CO-UKR": [
        ("Welder", "Kharkiv Steelworks", "manufacturing", ["welding"], ["metalwork"], ["uk"], 8),
        ("Software developer", "Lviv IT Cluster", "ict", ["software_development"],
         ["web_development", "database_administration"], ["uk", "en"], 4),
        ("Farm worker", "Poltava Agro", "agriculture", ["crop_farming"], ["irrigation"],
         ["uk"], 10),
    ],
    "CO-NER": [
        ("Tailor", "Niamey Textile Cooperative", "manufacturing", ["tailoring"],
         ["textile_work"], ["fr", "ha"], 3),
        ("Market gardener", "Tillabéri Irrigation Scheme", "agriculture", ["crop_farming",
                                                                           "irrigation"],
         [], ["fr", "ha"], 12),
        ("Shop assistant", "Maradi Retail", "retail", ["sales"], ["cashier"], ["fr", "ha"], 2),
    ],
}
_PROFILE_SKILLS = {
    "JOR": [["masonry", "plastering"], ["nursing", "caregiving"], ["cooking"], ["tiling"]],
    "IRQ": [["electrical_installation"], ["teaching_primary"], ["driving"], ["it_support"]],
    "UKR": [["welding", "metalwork"], ["software_development"], ["crop_farming"], ["sales"]],
    "NER": [["tailoring"], ["crop_farming", "livestock"], ["sales", "cashier"], ["cooking"]],
}
_LANGUAGES = {"JOR": ["ar"], "IRQ": ["ar", "ku"], "UKR": ["uk", "ru"], "NER": ["fr", "ha"]}
_RETURNEES = ["returning_national", "qualified_national", "demobilised_combatant", "idp",
              "refugee", "stranded_migrant"]


def _publisher(office: Office) -> tuple[Office, User] | None:
    """A case worker whose role reaches the office; else one in a sub-office, who publishes
    there (the demo's Iraq case worker sits in Erbil)."""
    memberships = list(Membership.objects.filter(role="case_worker").select_related("office",
                                                                                   "user")
                       .order_by("pk"))
    for membership in memberships:
        if office.path.startswith(membership.office.path):
            return office, membership.user
    for membership in memberships:
        if membership.office.path.startswith(office.path):
            return membership.office, membership.user
    return None


def demo_jobs_load(*, profiles_per_office: int = 12, seed: int = 1996) -> int:
    """Vacancies for each demo country office and skills profiles for some of its people, when
    none exist yet; returns how many records were created."""
    rng = random.Random(seed)
    created = 0
    for code, vacancies in _VACANCIES.items():
        country_office = Office.objects.filter(code=code).first()
        found = _publisher(country_office) if country_office else None
        if found is None:
            continue
        office, actor = found
        area = AdminArea.objects.filter(country=office.country, level=1).order_by("pcode").first()
        if not Vacancy.objects.filter(office=office).exists():
            for title, employer, sector, required, desirable, languages, posts in vacancies:
                services.vacancy_create(
                    actor=actor, office=office, title=title, employer=employer, sector=sector,
                    required_skills=required, desirable_skills=desirable, languages=languages,
                    posts=posts, years_wanted=rng.choice([0, 1, 2, 3]), admin_area=area,
                    education_level=rng.choice(["", "primary", "secondary", "vocational"]))
                created += 1
        people = (Person.objects.filter(office__path__startswith=office.path,
                                        category__in=_RETURNEES, skills_profile__isnull=True,
                                        birth_date__year__lte=2005)
                  .order_by("pk")[:profiles_per_office])
        if SkillsProfile.objects.filter(person__office__path__startswith=office.path).exists():
            continue
        for person in people:
            skills = rng.choice(_PROFILE_SKILLS[office.country])
            sector = SKILLS[skills[0]][1]
            services.profile_create(
                actor=actor, person=person, skills=skills,
                education_level=rng.choice(["primary", "secondary", "vocational", "tertiary"]),
                sector_years={sector: rng.randint(0, 12)},
                languages=_LANGUAGES[office.country],
                preferred_area_ids=[area.pk] if area and rng.random() < 0.5 else [])
            created += 1
    return created
