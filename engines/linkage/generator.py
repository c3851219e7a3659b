"""A seedable synthetic registry of displaced people, with the true person kept for scoring.

Households share family name, father, mother, place, address and phone — the trap for a model
that counts shared fields; twins share a date of birth as well. In patronymic cultures
(Somalia, Eritrea, Ethiopia) the family name is the father's given name. About a tenth of
people are registered twice, the second time with what registration really does to a record:
another transliteration, the name in its own script, a nickname or short form, typos, dropped
particles, swapped given and family names, the grandfather's name as the family name, another
romanisation of the place, day and month swapped, a year off, only a year, an estimated age
written as 1 January of a year (each registration estimating its own year), blanks and a new
phone.

The name tables are in synthetic_names.py, the corruptions in synthetic_writer.py.
GENERATOR_VERSION changes whenever a seed's output does (benchmark files are cached by it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engines.linkage.synthetic_names import CULTURE_WEIGHTS, CULTURES, Culture
from engines.linkage.synthetic_writer import Writer, date_text, latin

GENERATOR_VERSION = 2
# Share of people whose birth date is an estimated age (each registration writes 1 January
# of the year it estimates); of households with children that have twins.
ESTIMATED_AGE = 0.1
TWINS = 0.04

def generate_registry(n_records: int, *, seed: int = 0, duplicate_rate: float = 0.1) -> pd.DataFrame:
    """Records with columns `id`, `person_id`, `household_id` and the record fields."""
    rng = np.random.default_rng(seed)
    writer = Writer(rng)
    people: list[dict] = []
    n_people = int(n_records / (1 + duplicate_rate))
    household = 0
    while len(people) < n_people:
        household += 1
        culture = CULTURES[int(rng.choice(len(CULTURES), p=CULTURE_WEIGHTS))]
        people.extend(_household(culture, household, writer))
    people = people[:n_people]
    records = []
    for person in people:
        records.append(_record(person, writer, corrupt=False))
    duplicated = rng.random(len(people)) < duplicate_rate
    for index in np.nonzero(duplicated)[0]:
        records.append(_record(people[index], writer, corrupt=True))
    frame = pd.DataFrame.from_records(records)
    frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    frame.insert(0, "id", [f"r{i:07d}" for i in range(len(frame))])
    return frame


def _household(culture: Culture, household: int, writer: Writer) -> list[dict]:
    rng = writer.rng
    father_of_head = writer.pick(culture.male)
    head_name = writer.pick(culture.male)
    mother_name = writer.pick(culture.female)
    wife_father = writer.pick(culture.male)
    # Patronymic: everyone's "family name" is their father's given name (and the name after it
    # their grandfather's); elsewhere the household shares one.
    family = father_of_head if culture.patronymic else writer.pick(culture.family)
    place = writer.pick(culture.places)
    phone = culture.phone_prefix + "".join(str(d) for d in rng.integers(0, 10, 8))
    kind = writer.pick(["Camp", "Block", "Street", "Sector"])
    street = f"{int(rng.integers(1, 300))} {kind} {int(rng.integers(1, 60))}"
    head_year = int(rng.integers(1950, 1995))
    base = {
        "household_id": household,
        "culture": culture.name,
        "place": place,
        "phone": phone,
        "address": street,
    }
    members = [
        {
            **base,
            "given": head_name,
            "family": family,
            "father": father_of_head,
            "grandfather": writer.pick(culture.male),
            "mother": writer.pick(culture.female),
            "sex": "M",
            "date": (head_year, int(rng.integers(1, 13)), int(rng.integers(1, 29))),
        },
        {
            **base,
            "given": mother_name,
            "family": wife_father if culture.patronymic
            else writer.pick(culture.family) if rng.random() < 0.5 else family,
            "father": wife_father,
            "grandfather": writer.pick(culture.male),
            "mother": writer.pick(culture.female),
            "sex": "F",
            "date": (
                head_year + int(rng.integers(-3, 8)),
                int(rng.integers(1, 13)),
                int(rng.integers(1, 29)),
            ),
        },
    ]
    n_children = int(rng.integers(0, 7))
    used: set[str] = set()
    child_family = head_name if culture.patronymic else family
    for _ in range(n_children):
        sex = "M" if rng.random() < 0.5 else "F"
        pool = culture.male if sex == "M" else culture.female
        given = writer.pick(pool)
        if given[0] in used or given is head_name:
            given = writer.pick(pool)  # families rarely reuse a name; a second draw keeps some
        used.add(given[0])
        year = min(head_year + int(rng.integers(18, 45)), 2024)
        members.append(
            {
                **base,
                "given": given,
                "family": child_family,
                "father": head_name,
                "grandfather": father_of_head,
                "mother": mother_name,
                "sex": sex,
                "date": (year, int(rng.integers(1, 13)), int(rng.integers(1, 29))),
            }
        )
    if n_children and rng.random() < TWINS:
        # Twins: one date of birth, the household's names, a given name of their own.
        twin = dict(members[-1])
        twin["sex"] = "M" if rng.random() < 0.5 else "F"
        pool = culture.male if twin["sex"] == "M" else culture.female
        given = writer.pick(pool)
        while given is twin["given"]:
            given = writer.pick(pool)
        twin["given"] = given
        members.append(twin)
    for i, member in enumerate(members):
        member["person_id"] = f"p{household:07d}_{i}"
        member["estimated_age"] = bool(rng.random() < ESTIMATED_AGE)
    return members


def _record(person: dict, writer: Writer, *, corrupt: bool) -> dict:
    rng = writer.rng
    culture = next(c for c in CULTURES if c.name == person["culture"])
    native = corrupt and rng.random() < culture.script_share

    def name(spellings: list[str], *, p_variant: float) -> str:
        text = writer.spelling(spellings, native=native) if rng.random() < p_variant else spellings[0]
        if corrupt and not native and rng.random() < 0.25:
            text = writer.free_variant(text)
        if corrupt and rng.random() < 0.12:
            text = writer.typo(text)
        return text

    p_variant = 0.7 if corrupt else 0.35
    given = name(person["given"], p_variant=p_variant)
    short = writer.short_form(person["given"])
    if short and not native and rng.random() < (0.25 if corrupt else 0.08):
        given = short  # the name the person goes by, given at one registration
    family_spellings = person["family"]
    if culture.patronymic and rng.random() < (0.2 if corrupt else 0.05):
        # Asked for a family name, some give their grandfather's name (the last of three).
        family_spellings = person["grandfather"]
    family = name(family_spellings, p_variant=p_variant)
    if corrupt and rng.random() < 0.06:
        given, family = family, given
    father = name(person["father"], p_variant=p_variant)
    mother = name(person["mother"], p_variant=p_variant)
    year, month, day = person["date"]
    text = date_text(year, month, day, "iso" if rng.random() < 0.8 else "compact")
    if person["estimated_age"]:
        # An estimated age: 1 January of a year each registration estimates for itself.
        offset = int(rng.choice([-2, -1, 0, 0, 0, 1, 2]))
        text = f"{year + offset:04d}-01-01"
    elif rng.random() < 0.03:  # a clerk's default for a date not known that day
        text = f"{year:04d}-01-01"
    elif corrupt:
        roll = rng.random()
        if roll < 0.12 and day <= 12:
            text = date_text(year, day, month, "iso")
        elif roll < 0.22:
            text = date_text(year + int(rng.choice([-1, 1])), month, day, "iso")
        elif roll < 0.30:
            text = f"{year:04d}"
        elif roll < 0.34:
            text = f"{year:04d}-{month:02d}"
        elif roll < 0.38:
            text = date_text(year, month, max(1, min(28, day + int(rng.choice([-1, 1])))), "iso")
    phone = person["phone"]
    if rng.random() < 0.3:
        phone = "+" + phone if rng.random() < 0.5 else "0" + phone[len(culture.phone_prefix) :]
    if corrupt and rng.random() < 0.3:
        phone = culture.phone_prefix + "".join(str(d) for d in rng.integers(0, 10, 8))
    place = writer.spelling(person["place"], native=native)
    if corrupt and not native and rng.random() < 0.2:
        place = writer.place_variant(place)
    record = {
        "person_id": person["person_id"],
        "household_id": person["household_id"],
        "given_name": given,
        "family_name": family,
        "father_name": father,
        "mother_name": mother,
        "sex": person["sex"],
        "birth_date": text,
        "birth_place": place,
        "address": person["address"],
        "phone": phone,
    }
    blanks = {
        "father_name": 0.15,
        "mother_name": 0.35,
        "birth_place": 0.25,
        "address": 0.4,
        "phone": 0.3,
        "sex": 0.05,
        "birth_date": 0.03,
    }
    for field, share in blanks.items():
        if rng.random() < share * (1.5 if corrupt else 1.0):
            record[field] = ""
    return record


def true_pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    """All pairs of record ids that belong to one person (id_l < id_r)."""
    pairs: set[tuple[str, str]] = set()
    for ids in frame.groupby("person_id")["id"].agg(list):
        ids = sorted(ids)
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                pairs.add((ids[i], ids[j]))
    return pairs


def tracing_requests(frame: pd.DataFrame, n: int, *, seed: int = 1) -> pd.DataFrame:
    """What an enquirer knows: names (any spelling), a birth year give or take, maybe a place
    or the father's name. `person_id` is kept to score the answer."""
    rng = np.random.default_rng(seed)
    writer = Writer(rng)
    sample = frame.sample(n=n, random_state=seed)
    rows = []
    for i, record in enumerate(sample.itertuples(index=False)):
        given, family = record.given_name, record.family_name
        if rng.random() < 0.4:
            given = writer.free_variant(given)
        if rng.random() < 0.4:
            family = writer.free_variant(family)
        if rng.random() < 0.1:
            given = writer.typo(given)
        year = record.birth_date[:4]
        if year and rng.random() < 0.4:
            year = str(int(year) + int(rng.choice([-2, -1, 1, 2])))
        rows.append(
            {
                "id": f"q{i:06d}",
                "person_id": record.person_id,
                "given_name": given,
                "family_name": family,
                "birth_date": year if rng.random() < 0.9 else "",
                "birth_place": record.birth_place if rng.random() < 0.4 else "",
                "father_name": record.father_name if rng.random() < 0.4 else "",
                "sex": record.sex if rng.random() < 0.5 else "",
            }
        )
    return pd.DataFrame(rows)


def _spelling_groups() -> dict[str, list[str]]:
    """Each written form -> all spellings of its name (or place), across the cultures."""
    groups: dict[str, list[str]] = {}
    for culture in CULTURES:
        for table in (culture.male, culture.female, culture.family, culture.places):
            for spellings in table:
                for spelling in spellings:
                    groups.setdefault(spelling, spellings)
    return groups


def enquiry_requests(frame: pd.DataFrame, n: int, *, seed: int = 1) -> pd.DataFrame:
    """Tracing requests as an enquirer writes them, for `n` people of a generated registry.

    A relative describes the person from memory, not from a registration: the name in the
    enquirer's own spelling (another transliteration, sometimes the native script, a variant no
    table lists, a typo), given and family names sometimes the other way round or one of them
    missing, a birth year that may be a year off or unknown, and now and then the place
    of birth, the father's or mother's name and the sex. `person_id` is kept to score answers.
    """
    rng = np.random.default_rng(seed)
    writer = Writer(rng)
    groups = _spelling_groups()
    people = frame.drop_duplicates("person_id").sample(n=n, random_state=seed)
    # Describe the person from any of their records (a duplicate may be the one kept).
    by_person = frame[frame["person_id"].isin(set(people["person_id"]))].groupby("person_id")

    def spelt(text: str, *, p_other: float, p_free: float, p_typo: float) -> str:
        if not text:
            return ""
        group = groups.get(text)
        if group and rng.random() < p_other:
            native = len(latin(group)) < len(group) and rng.random() < 0.1
            text = writer.spelling(group, native=native)
        if text.isascii() and rng.random() < p_free:
            text = writer.free_variant(text)
        if rng.random() < p_typo:
            text = writer.typo(text)
        return text

    rows = []
    for i, person_id in enumerate(people["person_id"]):
        records = by_person.get_group(person_id)
        record = records.iloc[int(rng.integers(len(records)))]
        given = spelt(record["given_name"], p_other=0.6, p_free=0.3, p_typo=0.08)
        family = spelt(record["family_name"], p_other=0.6, p_free=0.3, p_typo=0.08)
        roll = rng.random()
        if roll < 0.03:
            family = ""
        elif roll < 0.05:
            given = ""
        if rng.random() < 0.1:
            given, family = family, given
        year = record["birth_date"][:4]
        if year:
            roll = rng.random()
            if roll < 0.3:
                year = str(int(year) + int(rng.choice([-1, 1])))
            elif roll < 0.4:
                year = ""

        def sometimes(text: str, share: float) -> str:
            return spelt(text, p_other=0.5, p_free=0.2, p_typo=0.05) if rng.random() < share else ""

        rows.append(
            {
                "id": f"q{i:06d}",
                "person_id": person_id,
                "given_name": given,
                "family_name": family,
                "birth_date": year,
                "birth_place": sometimes(record["birth_place"], 0.35),
                "father_name": sometimes(record["father_name"], 0.35),
                "mother_name": sometimes(record["mother_name"], 0.1),
                "sex": record["sex"] if rng.random() < 0.6 else "",
            }
        )
    return pd.DataFrame(rows)
