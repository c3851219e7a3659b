"""Demo people for each country office, with names in their own scripts."""

from __future__ import annotations

import random
from datetime import date

from corridor.access.models import Office, User
from corridor.registry import services
from corridor.registry.models import (
    Category,
    ConsentPurpose,
    DatePrecision,
    DocumentKind,
    Person,
    Relation,
    Sex,
)

# (given Latin, given original, sex), family names (Latin, original), nationality, categories
_NAMES = {
    "JOR": {
        "given": [("Mohammed", "محمد", Sex.MALE), ("Ahmad", "أحمد", Sex.MALE),
                  ("Fatima", "فاطمة", Sex.FEMALE), ("Aisha", "عائشة", Sex.FEMALE),
                  ("Omar", "عمر", Sex.MALE), ("Layla", "ليلى", Sex.FEMALE),
                  ("Yusuf", "يوسف", Sex.MALE), ("Maryam", "مريم", Sex.FEMALE)],
        "family": [("Al-Hassan", "الحسن"), ("Haddad", "حداد"), ("Khalil", "خليل"),
                   ("Al-Masri", "المصري"), ("Darwish", "درويش")],
        "nationality": "SYR", "categories": [Category.REFUGEE, Category.STRANDED_MIGRANT],
    },
    "IRQ": {
        "given": [("Ali", "علي", Sex.MALE), ("Hussein", "حسين", Sex.MALE),
                  ("Zainab", "زينب", Sex.FEMALE), ("Noor", "نور", Sex.FEMALE),
                  ("Karwan", "کاروان", Sex.MALE), ("Shilan", "شیلان", Sex.FEMALE)],
        "family": [("Al-Jubouri", "الجبوري"), ("Aziz", "عزيز"), ("Salih", "صالح"),
                   ("Barzani", "بارزانی")],
        "nationality": "IRQ", "categories": [Category.IDP, Category.RETURNING_NATIONAL],
    },
    "UKR": {
        "given": [("Oleksandr", "Олександр", Sex.MALE), ("Olena", "Олена", Sex.FEMALE),
                  ("Andriy", "Андрій", Sex.MALE), ("Iryna", "Ірина", Sex.FEMALE),
                  ("Mykola", "Микола", Sex.MALE), ("Natalia", "Наталія", Sex.FEMALE)],
        "family": [("Kovalenko", "Коваленко"), ("Shevchenko", "Шевченко"),
                   ("Bondarenko", "Бондаренко"), ("Tkachenko", "Ткаченко")],
        "nationality": "UKR", "categories": [Category.IDP, Category.REFUGEE],
    },
    "NER": {
        "given": [("Amadou", "", Sex.MALE), ("Fatoumata", "", Sex.FEMALE),
                  ("Moussa", "", Sex.MALE), ("Aïssatou", "", Sex.FEMALE),
                  ("Ibrahim", "", Sex.MALE), ("Mariama", "", Sex.FEMALE)],
        "family": [("Diallo", ""), ("Traoré", ""), ("Issoufou", ""), ("Bah", ""),
                   ("Jallow", "")],
        "nationality": "MLI",
        "categories": [Category.STRANDED_MIGRANT, Category.TRAFFICKING_VICTIM,
                       Category.ECONOMIC_MIGRANT],
    },
}


# Mobile prefix and how many digits follow it, per country.
_PHONES = {"JOR": ("+96279", 7), "IRQ": ("+964750", 7), "UKR": ("+38067", 7), "NER": ("+22790", 6)}


def demo_people_load(*, households_per_office: int = 12, seed: int = 1996) -> int:
    """Register demo households in each country or sub-office that has nobody yet."""
    rng = random.Random(seed)
    created = 0
    for office in Office.objects.filter(kind__in=["country", "sub"]).order_by("code"):
        names = _NAMES.get(office.country)
        if names is None or Person.objects.filter(office=office).exists():
            continue
        actor = User.objects.filter(memberships__office=office,
                                    memberships__role="case_worker").first()
        if actor is None:
            continue
        for number in range(households_per_office):
            members = _demo_household(rng, names, office.country, number)
            services.household_register(actor=actor, office=office, members=members,
                                        address=f"{office.name.split(', ')[-1]}, block {number + 1}")
            created += len(members)
    return created


def _demo_household(rng: random.Random, names: dict, country: str, number: int):
    family, family_original = rng.choice(names["family"])
    category = rng.choice(names["categories"])
    head_year = rng.randint(1960, 1995)
    size = rng.choice([1, 2, 3, 4, 4, 5, 6])
    members = []
    for index in range(size):
        given, given_original, sex = rng.choice(names["given"])
        relation = Relation.HEAD if index == 0 else (
            Relation.SPOUSE if index == 1 and size > 2 else Relation.CHILD)
        year = head_year + (rng.randint(-3, 3) if relation != Relation.CHILD
                            else rng.randint(20, 28))
        year = min(year, 2024)
        precision = rng.choice([DatePrecision.EXACT] * 3 + [DatePrecision.YEAR])
        born = date(year, 1, 1) if precision == DatePrecision.YEAR else date(
            year, rng.randint(1, 12), rng.randint(1, 28))
        fields = {
            "relation_to_head": relation, "given_name": given, "family_name": family,
            "original_script_name": f"{given_original} {family_original}".strip(),
            "sex": sex, "birth_date": born, "birth_date_precision": precision,
            "nationality": names["nationality"], "category": category,
            "vulnerabilities": rng.choice([[], [], ["serious_medical"], ["disability"],
                                           ["single_parent"]]) if index == 0 else [],
        }
        prefix, digits = _PHONES.get(country, ("+4179", 7))
        phones = (f"{prefix}{rng.randint(10 ** (digits - 1), 10 ** digits - 1)}",) \
            if index == 0 else ()
        documents = (services.DocumentInput(
            kind=rng.choice([DocumentKind.PASSPORT, DocumentKind.NATIONAL_ID]),
            number=f"{country[:1]}{rng.randint(10_000_000, 99_999_999)}",
            issuing_country=names["nationality"]),) if relation != Relation.CHILD else ()
        consents = (services.ConsentInput(purpose=ConsentPurpose.ASSISTANCE, given=True),
                    services.ConsentInput(purpose=ConsentPurpose.TRACING,
                                          given=rng.random() < 0.8))
        members.append(services.PersonInput(fields=fields, phones=phones, documents=documents,
                                            consents=consents))
    return members
