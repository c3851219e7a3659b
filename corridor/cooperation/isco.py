"""ISCO-08 occupations that countries most often ask returning qualified nationals for: the unit
groups (four digits) of the International Standard Classification of Occupations (ILO, 2008),
with their English titles and the sector and skills of Corridor's job vocabulary
(corridor/jobs/vocabulary.py) that the jobs matching engine compares.

A subset, shipped as data (the full classification has 436 unit groups): a code outside it is
refused, naming the code, and a new occupation is a line here. Plain Python, no Django."""

from __future__ import annotations


def _(text: str) -> str:
    """Marks a title for translation; the page layer translates it when shown."""
    return text


# code: (title, sector in the jobs vocabulary, skills in the jobs vocabulary)
OCCUPATIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "1112": (_("Senior government officials"), "public_administration", ("office_administration",)),
    "1213": (_("Policy and planning managers"), "public_administration", ("office_administration",)),
    "1342": (_("Health services managers"), "health", ("office_administration",)),
    "2131": (_("Biologists, botanists, zoologists and related professionals"), "agriculture",
             ("laboratory", "crop_farming")),
    "2132": (_("Farming, forestry and fisheries advisers"), "agriculture",
             ("crop_farming", "irrigation")),
    "2142": (_("Civil engineers"), "construction", ("concrete_work", "masonry")),
    "2144": (_("Mechanical engineers"), "manufacturing", ("machine_operation", "welding")),
    "2151": (_("Electrical engineers"), "construction", ("electrical_installation",)),
    "2211": (_("Generalist medical practitioners"), "health", ("medicine", "first_aid")),
    "2212": (_("Specialist medical practitioners"), "health", ("medicine",)),
    "2221": (_("Nursing professionals"), "health", ("nursing", "first_aid")),
    "2222": (_("Midwifery professionals"), "health", ("midwifery",)),
    "2250": (_("Veterinarians"), "agriculture", ("veterinary_assistance", "livestock")),
    "2261": (_("Dentists"), "health", ("medicine",)),
    "2262": (_("Pharmacists"), "health", ("pharmacy",)),
    "2310": (_("University and higher education teachers"), "education", ("teaching_secondary",)),
    "2320": (_("Vocational education teachers"), "education", ("vocational_training",)),
    "2330": (_("Secondary education teachers"), "education", ("teaching_secondary",)),
    "2341": (_("Primary school teachers"), "education", ("teaching_primary", "childcare")),
    "2411": (_("Accountants"), "public_administration", ("bookkeeping",)),
    "2421": (_("Management and organisation analysts"), "public_administration",
             ("office_administration",)),
    "2511": (_("Systems analysts"), "ict", ("software_development", "database_administration")),
    "2512": (_("Software developers"), "ict", ("software_development",)),
    "2522": (_("Systems administrators"), "ict", ("network_administration", "it_support")),
    "2611": (_("Lawyers"), "public_administration", ("office_administration",)),
    "2631": (_("Economists"), "public_administration", ("office_administration", "bookkeeping")),
    "2643": (_("Translators, interpreters and other linguists"), "other", ("translation",)),
    "3112": (_("Civil engineering technicians"), "construction", ("concrete_work",)),
    "3113": (_("Electrical engineering technicians"), "construction",
             ("electrical_installation",)),
    "3211": (_("Medical imaging and therapeutic equipment technicians"), "health",
             ("laboratory",)),
    "3212": (_("Medical and pathology laboratory technicians"), "health", ("laboratory",)),
    "3221": (_("Nursing associate professionals"), "health", ("nursing",)),
}


def is_occupation(code: str) -> bool:
    return code in OCCUPATIONS


def occupation_title(code: str) -> str:
    found = OCCUPATIONS.get(code)
    return found[0] if found else code
