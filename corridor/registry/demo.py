"""Demo people for each country office, with names in their own scripts."""

from __future__ import annotations

import random
from datetime import date

from corridor.access.models import Office, User
from corridor.registry import services
from corridor.registry.models import Category, DatePrecision, Person, Sex

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


def demo_people_load(*, per_office: int = 40, seed: int = 1996) -> int:
    """Register demo people in each country or sub-office that has none yet."""
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
        for _ in range(per_office):
            given, given_original, sex = rng.choice(names["given"])
            family, family_original = rng.choice(names["family"])
            precision = rng.choice([DatePrecision.EXACT] * 4 + [DatePrecision.YEAR])
            born = date(rng.randint(1950, 2020), rng.randint(1, 12), rng.randint(1, 28))
            if precision == DatePrecision.YEAR:
                born = born.replace(month=1, day=1)
            original = f"{given_original} {family_original}".strip()
            services.person_register(
                actor=actor, office=office, given_name=given, family_name=family,
                original_script_name=original, sex=sex, birth_date=born,
                birth_date_precision=precision, nationality=names["nationality"],
                category=rng.choice(names["categories"]),
            )
            created += 1
    return created
