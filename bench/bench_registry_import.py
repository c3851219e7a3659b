"""Registry import benchmark: a 100,000-person spreadsheet (households from several countries, names
in their own scripts) checked as a whole and imported all-or-nothing into a fresh SQLite database.

    python -m bench.run registry_import
    python -m bench.bench_registry_import --size 20000      # a smaller run

Floor (the issue's): the whole import, validation included, under 60 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.results import write_result

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / "work"
FLOOR_SECONDS = 60.0

# (nationality, P-code, given names (Latin, original), family names (Latin, original), languages)
PEOPLES = [
    ("SYR", "SY0101", [("Amina", "أمينة"), ("Omar", "عمر"), ("Lina", "لينا"), ("Yusuf", "يوسف"),
                       ("Huda", "هدى"), ("Karim", "كريم")],
     [("Haddad", "حداد"), ("Al-Khatib", "الخطيب"), ("Saleh", "صالح"), ("Nasser", "ناصر")], "ar"),
    ("UKR", "UA0102", [("Olena", "Олена"), ("Taras", "Тарас"), ("Iryna", "Ірина"),
                       ("Andriy", "Андрій")],
     [("Kovalenko", "Коваленко"), ("Shevchenko", "Шевченко"), ("Bondar", "Бондар")], "uk"),
    ("AFG", "AF0101", [("Ahmad", "احمد"), ("Farida", "فریده"), ("Zahra", "زهرا"),
                       ("Nasir", "ناصر")],
     [("Nouri", "نوری"), ("Rahimi", "رحیمی"), ("Ahmadi", "احمدی")], "fa"),
    ("ETH", "ET0101", [("Mekdes", "መቅደስ"), ("Dawit", "ዳዊት"), ("Selam", "ሰላም"),
                       ("Yonas", "ዮናስ")],
     [("Tesfaye", "ተስፋዬ"), ("Haile", "ኃይሌ"), ("Bekele", "በቀለ")], "am"),
    ("SOM", "SO0101", [("Fatima", "Faadumo"), ("Abdi", "Cabdi"), ("Hodan", "Hodan"),
                       ("Ayaan", "Ayaan")],
     [("Abdi", "Cabdi"), ("Warsame", "Warsame"), ("Farah", "Faarax")], "so"),
    ("VEN", "VE0101", [("María", "María"), ("José", "José"), ("Carmen", "Carmen"),
                       ("Luis", "Luis")],
     [("González", "González"), ("Rodríguez", "Rodríguez"), ("Pérez", "Pérez")], "es"),
]
CATEGORIES = ["refugee", "asylum_seeker", "idp", "stranded_migrant", "economic_migrant"]
VULNERABILITIES = ["", "", "", "single_parent", "disability", "older_person serious_medical"]
HEADER = ["household_ref", "relation_to_head", "given_name", "family_name", "original_script_name",
          "sex", "birth_date", "birth_date_precision", "nationality", "place_of_origin",
          "category", "vulnerabilities", "languages", "phone", "document_kind", "document_number",
          "document_issuing_country", "consent_assistance", "consent_tracing",
          "household_address"]


def generate(path: Path, size: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    written = households = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        while written < size:
            households += 1
            nationality, pcode, given, family, language = rng.choice(PEOPLES)
            surname = rng.choice(family)
            members = min(rng.choice([1, 2, 3, 4, 4, 5, 6]), size - written)
            category = rng.choice(CATEGORIES)
            for index in range(members):
                first = rng.choice(given)
                head = index == 0
                year = rng.randint(1950, 2000) if index < 2 else rng.randint(2005, 2023)
                person = written + 1
                writer.writerow([
                    f"H{households}", "head" if head else ("spouse" if index == 1 else "child"),
                    first[0], surname[0], f"{first[1]} {surname[1]}",
                    rng.choice(["female", "male"]), f"{year}-{rng.randint(1, 12):02d}-"
                    f"{rng.randint(1, 28):02d}", "exact", nationality, pcode, category,
                    rng.choice(VULNERABILITIES) if head else "", language,
                    f"+96279{person:07d}" if head or rng.random() < 0.3 else "",
                    "passport" if rng.random() < 0.6 else "",
                    "", nationality, "yes", rng.choice(["yes", "no"]),
                    f"Block {households % 400}, camp {households % 7}" if head else "",
                ])
                written += 1
    # Document numbers are filled in a second pass so the kinds above stay random but unique.
    rows = list(csv.reader(path.open(encoding="utf-8")))
    for number, row in enumerate(rows[1:], start=1):
        if row[14]:
            row[15] = f"{row[8]}-{number:08d}"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return {"people": written, "households": households}


def _django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DEBUG"] = "true"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT,
                   env=os.environ.copy(), check=True)
    import django

    django.setup()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    source = WORK / f"registry_import_{args.size}.csv"
    started = time.perf_counter()
    shape = generate(source, args.size)
    generate_seconds = time.perf_counter() - started
    database = WORK / "registry_import.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    _django(database)
    migrate_seconds = time.perf_counter() - started

    from django.core.files import File

    from corridor.access import services as access_services
    from corridor.access.models import OfficeKind
    from corridor.geo.models import AdminArea
    from corridor.registry.imports import services
    from corridor.registry.models import Household, IdentityDocument, Person, Phone

    hq = access_services.office_create(actor=None, code="HQ", name="Headquarters",
                                       kind=OfficeKind.HEADQUARTERS, country="CHE")
    office = access_services.office_create(actor=None, code="CO-JOR", name="Jordan",
                                           kind=OfficeKind.COUNTRY, country="JOR", parent=hq)
    user = access_services.user_create(actor=None, username="bench_case_worker", password=None,
                                       memberships=[(office, "case_worker")])
    for nationality, pcode, *_rest in PEOPLES:
        AdminArea.objects.create(pcode=pcode, name=pcode, level=1, country=nationality)

    def run(dry_run: bool):
        with source.open("rb") as handle:
            return services.people_import(actor=user, office=office, kind="spreadsheet",
                                          upload=File(handle, name=source.name), dry_run=dry_run)

    started, cpu = time.perf_counter(), time.process_time()
    preview = run(dry_run=True)
    dry_run_seconds, dry_run_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    report = run(dry_run=False)
    import_seconds, import_cpu = time.perf_counter() - started, time.process_time() - cpu
    again = run(dry_run=False)
    people = Person.objects.count()
    figures = {
        "people_in_file": shape["people"], "households_in_file": shape["households"],
        "file_megabytes": round(source.stat().st_size / 1e6, 1),
        "generate_seconds": round(generate_seconds, 1),
        "migrate_seconds": round(migrate_seconds, 1),
        "dry_run_seconds": round(dry_run_seconds, 1),
        "import_seconds": round(import_seconds, 1),
        "dry_run_cpu_seconds": round(dry_run_cpu, 1),
        "import_cpu_seconds": round(import_cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "floor_seconds": FLOOR_SECONDS,
        "people_created": people, "households_created": Household.objects.count(),
        "phones_created": Phone.objects.count(),
        "documents_created": IdentityDocument.objects.count(),
        "people_with_name_keys": Person.objects.filter(name_keys__isnull=False).distinct().count(),
        "second_import_status": again.status,
        "preview_people": preview.people,
        "database": "SQLite (WAL), fresh, migrated",
    }
    passed = (import_seconds < FLOOR_SECONDS and report.status == "imported"
              and people == shape["people"] and again.status == "nothing_new"
              and figures["people_with_name_keys"] == people)  # every one found by name
    write_result("registry_import", figures=figures, passed=passed,
                 command=f"python -m bench.bench_registry_import --size {args.size}")
    for key, value in figures.items():
        print(f"{key}: {value}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
