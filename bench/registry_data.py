"""Generate and load a registry of people for the registry list benchmark.

Run as a subprocess of bench/bench_registry_list.py, with DATABASE_URL and the app's settings in
the environment, so that Django is configured for the bench database only:

    python -m bench.registry_data load --size 1000000      # prints a JSON report
    python -m bench.registry_data explain --query "Mohammed" --category refugee

People come in households of 1-8 members sharing a family name and an office; names of five
cultures (Arabic, Afghan, Somali, Cyrillic, West African) are drawn with a Zipf-like skew from
the linkage generator's lists (the usual spelling mostly, other spellings sometimes), plus a
tail of rarer family names built the way those names are built (Tarasenko, Karimzai, Al-Halabi);
Arabic and Cyrillic names carry their original-script form. Name-search keys are computed by the
app's own `corridor.registry.search.name_keys`. PostgreSQL is loaded with COPY (indexes of the
person and name-key tables dropped first and re-created with their exact definitions afterwards),
SQLite with executemany; ANALYZE follows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import random
import sys
import time
from dataclasses import dataclass

from engines.linkage import generator as names

HOUSEHOLD_SIZE_WEIGHTS = [0.18, 0.2, 0.2, 0.16, 0.11, 0.08, 0.05, 0.02]  # sizes 1..8, mean 3.36
PEOPLE_PER_HOUSEHOLD = 10 / 3  # 1,000,000 people in 300,000 households
BENCH_USER = "bench.hq"
EXTRA_OFFICES = [  # (code, name, kind, country, parent code): for the Afghan and Somali cultures
    ("CO-TUR", "Country Office, Ankara", "country", "TUR", "RO-EUR"),
    ("CO-YEM", "Country Office, Aden", "country", "YEM", "RO-MENA"),
]


@dataclass(frozen=True)
class Culture:
    spec: names.Culture
    weight: float
    offices: tuple[str, ...]
    nationalities: tuple[str, ...]
    categories: tuple[str, ...]
    languages: tuple[str, ...]
    tail_suffixes: tuple[str, ...]  # rarer family names: given-name stem + suffix
    tail_prefix: str = ""


CULTURES = (
    Culture(names.CULTURES[0], 0.30, ("CO-JOR", "CO-IRQ", "SO-IRQ-ERB"), ("SYR", "IRQ", "PSE"),
            ("refugee", "idp", "asylum_seeker", "stranded_migrant", "returning_national"),
            ("ara",), ("i", "awi"), "Al-"),
    Culture(names.CULTURES[1], 0.20, ("CO-TUR",), ("AFG",),
            ("refugee", "asylum_seeker", "unsuccessful_asylum_seeker", "economic_migrant"),
            ("prs", "pus"), ("zai", "i", "khel")),
    Culture(names.CULTURES[2], 0.10, ("CO-YEM",), ("SOM",),
            ("refugee", "asylum_seeker", "stranded_migrant"), ("som",), ("e", "ow")),
    Culture(names.CULTURES[3], 0.22, ("CO-UKR",), ("UKR",),
            ("idp", "refugee", "returning_national"), ("ukr", "rus"), ("enko", "chuk", "ov", "iv")),
    Culture(names.CULTURES[4], 0.18, ("CO-NER",), ("MLI", "GIN", "SEN", "GMB", "NER"),
            ("stranded_migrant", "economic_migrant", "trafficking_victim", "returning_national"),
            ("fra", "bam", "ful"), ("ba", "ke")),
)
VULNERABILITIES = ["disability", "serious_medical", "older_person", "single_parent",
                   "survivor_of_violence", "pregnant_or_lactating"]


def _is_latin(text: str) -> bool:
    return all(ord(c) < 0x370 for c in text)


def _zipf(n: int, exponent: float = 1.0) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(n)]


class _Draw:
    """Random draws for one culture: names with their usual spelling, sometimes another."""

    def __init__(self, culture: Culture, rng: random.Random) -> None:
        self.culture, self.rng = culture, rng
        spec = culture.spec
        self.male, self.female = spec.male, spec.female
        self.family = list(spec.family)
        # Tail: rarer family names built from given-name stems, one spelling each.
        stems = sorted({e[0].split()[0] for e in spec.male if len(e[0].split()[0]) > 3})
        for stem in stems:
            base = stem[:-1] if stem[-1] in "aeiouy" else stem
            for suffix in culture.tail_suffixes:
                self.family.append([f"{culture.tail_prefix}{base}{suffix}"])
        self.weights = {
            "male": _zipf(len(self.male), 0.9), "female": _zipf(len(self.female), 0.9),
            "family": _zipf(len(self.family), 1.05),
        }

    def entry(self, kind: str) -> list[str]:
        pool = {"male": self.male, "female": self.female, "family": self.family}[kind]
        return self.rng.choices(pool, weights=self.weights[kind])[0]

    def latin(self, entry: list[str]) -> str:
        latin = [s for s in entry if _is_latin(s)]
        return latin[0] if self.rng.random() < 0.8 or len(latin) == 1 else self.rng.choice(latin[1:])

    @staticmethod
    def native(entry: list[str]) -> str:
        return next((s for s in entry if not _is_latin(s)), "")


@functools.lru_cache(maxsize=500_000)
def _name_keys(given: str, family: str, original: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    from corridor.registry.search import name_keys

    return tuple(sorted(name_keys([given, family, original, *aliases])))


def generate(size: int, *, seed: int, office_ids: dict[str, int]):
    """Yield (households, people) rows: households first is not needed, both lists are built."""
    rng = random.Random(seed)
    n_households = max(1, round(size / PEOPLE_PER_HOUSEHOLD))
    sizes = rng.choices(range(1, 9), weights=HOUSEHOLD_SIZE_WEIGHTS, k=n_households)
    total = sum(sizes)
    while total != size:  # nudge random households (staying in 1..8) to the exact total
        i = rng.randrange(n_households)
        if total < size and sizes[i] < 8:
            sizes[i] += 1
            total += 1
        elif total > size and sizes[i] > 1:
            sizes[i] -= 1
            total -= 1
    draws = [_Draw(c, rng) for c in CULTURES]
    weights = [c.weight for c in CULTURES]
    households, people = [], []
    person_id = 0
    for h, members in enumerate(sizes, start=1):
        draw = rng.choices(draws, weights=weights)[0]
        culture = draw.culture
        office_id = office_ids[rng.choice(culture.offices)]
        family_entry = draw.entry("family")
        family = draw.latin(family_entry)
        family_native = draw.native(family_entry)
        place = draw.latin(rng.choice(culture.spec.places))
        households.append((h, office_id, f"HH-{h:07d}", f"{rng.randint(1, 200)} {place} road"))
        nationality = rng.choice(culture.nationalities)
        category = rng.choice(culture.categories)
        head_year = rng.randint(1945, 2004)
        for m in range(members):
            person_id += 1
            if m == 0:
                relation = "head"
                year = head_year
            elif m == 1 and members > 2:
                relation = "spouse"
                year = min(2006, head_year + rng.randint(-6, 8))
            else:
                relation = rng.choices(["child", "parent", "sibling", "grandchild", "other_relative"],
                                       weights=[80, 5, 6, 5, 4])[0]
                year = min(2025, head_year + rng.randint(16, 40)) if relation != "parent" else \
                    head_year - rng.randint(18, 35)
            sex = rng.choices(["female", "male", "unknown"], weights=[49, 49, 2])[0]
            given_entry = draw.entry("female" if sex == "female" else "male")
            given = draw.latin(given_entry)
            original = ""
            given_native = draw.native(given_entry)
            if given_native and family_native and rng.random() < 0.7:
                original = f"{given_native} {family_native}"
            aliases: tuple[str, ...] = ()
            if rng.random() < 0.08:
                other = [s for s in given_entry if _is_latin(s) and s != given]
                if other:
                    aliases = (f"{rng.choice(other)} {family}",)
            precision = rng.choices(["exact", "year", "estimated", "month"], weights=[70, 15, 10, 5])[0]
            if precision == "exact":
                born = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            elif precision == "month":
                born = dt.date(year, rng.randint(1, 12), 1)
            else:
                born = dt.date(year, 1, 1)
            vulnerabilities = rng.sample(VULNERABILITIES, 1) if rng.random() < 0.12 else []
            people.append((
                person_id, office_id, h, relation, given, family, original, list(aliases), sex,
                born, precision, nationality, category, vulnerabilities,
                [rng.choice(culture.languages)], _name_keys(given, family, original, aliases),
            ))
    return households, people


PERSON_COLUMNS = ("id", "version", "created_at", "updated_at", "office_id", "household_id",
                  "relation_to_head", "given_name", "family_name", "original_script_name", "aliases",
                  "sex", "birth_date", "birth_date_precision", "nationality", "category",
                  "vulnerabilities", "languages")
HOUSEHOLD_COLUMNS = ("id", "version", "created_at", "updated_at", "office_id", "reference",
                     "address")


def _person_row(p, now) -> tuple:
    (pid, office, hh, relation, given, family, original, aliases, sex, born, precision,
     nationality, category, vulnerabilities, languages, _keys) = p
    return (pid, 1, now, now, office, hh, relation, given, family, original,
            json.dumps(aliases, ensure_ascii=False), sex, born, precision, nationality, category,
            json.dumps(vulnerabilities), json.dumps(languages))


def _key_rows(people):
    return ((p[0], key) for p in people for key in p[-1])


def _load_postgres(connection, households, people) -> dict:
    now = dt.datetime.now(dt.UTC)
    timings = {}
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg 3
        cursor.execute("SET maintenance_work_mem = '512MB'")
        # Plain indexes only: those behind a constraint (keys, unique) stay while loading.
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes i WHERE tablename IN "
                       "('registry_person', 'registry_personnamekey') AND NOT EXISTS "
                       "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)")
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        with cursor.copy(f"COPY registry_household ({', '.join(HOUSEHOLD_COLUMNS)}) FROM STDIN") as copy:
            for h in households:
                copy.write_row((h[0], 1, now, now, h[1], h[2], h[3]))
        with cursor.copy(f"COPY registry_person ({', '.join(PERSON_COLUMNS)}) FROM STDIN") as copy:
            for p in people:
                copy.write_row(_person_row(p, now))
        with cursor.copy("COPY registry_personnamekey (person_id, key) FROM STDIN") as copy:
            for row in _key_rows(people):
                copy.write_row(row)
        # Django's foreign keys are deferred: check them now, before building indexes.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        timings["copy_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        timings["index_seconds"] = round(time.perf_counter() - started, 1)
        timings["indexes_recreated"] = [name for name, _d in indexes]
        for table in ("registry_household", "registry_person", "registry_personnamekey"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                           f"(SELECT max(id) FROM {table}))")
        started = time.perf_counter()
        cursor.execute("ANALYZE registry_household")
        cursor.execute("ANALYZE registry_person")
        cursor.execute("ANALYZE registry_personnamekey")
        timings["analyze_seconds"] = round(time.perf_counter() - started, 1)
    return timings


def _load_sqlite(connection, households, people) -> dict:
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO registry_household ({', '.join(HOUSEHOLD_COLUMNS)}) VALUES "  # noqa: S608
            f"({', '.join(['%s'] * len(HOUSEHOLD_COLUMNS))})",
            [(h[0], 1, now, now, h[1], h[2], h[3]) for h in households])
        cursor.executemany(
            f"INSERT INTO registry_person ({', '.join(PERSON_COLUMNS)}) VALUES "  # noqa: S608
            f"({', '.join(['%s'] * len(PERSON_COLUMNS))})",
            [_person_row(p, now) for p in people])
        cursor.executemany("INSERT INTO registry_personnamekey (person_id, key) VALUES (%s, %s)",
                           list(_key_rows(people)))
        copy_seconds = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        cursor.execute("ANALYZE")
    return {"insert_seconds": copy_seconds, "analyze_seconds": round(time.perf_counter() - started, 1)}


def _django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def _organisation() -> dict[str, int]:
    from corridor.access import services
    from corridor.access.demo import demo_organisation_load
    from corridor.access.models import Office

    demo_organisation_load()
    for code, name, kind, country, parent in EXTRA_OFFICES:
        if not Office.objects.filter(code=code).exists():
            services.office_create(actor=None, code=code, name=name, kind=kind, country=country,
                                   parent=Office.objects.get(code=parent))
    return dict(Office.objects.values_list("code", "id"))


def _bench_user():
    from corridor.access import services
    from corridor.access.models import Office, User

    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = services.user_create(actor=None, username=BENCH_USER, password=None,
                                    memberships=[(Office.objects.get(code="HQ"), "case_worker")])
    return user


def command_load(size: int, seed: int) -> dict:
    """Load `size` people unless the database already holds exactly that many; return a report
    with a fresh API token and a logged-in session for the bench user."""
    _django()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client

    from corridor.access import services
    from corridor.registry.models import Household, Person

    report: dict = {"backend": connection.vendor}
    with transaction.atomic():
        office_ids = _organisation()
        user = _bench_user()
    existing = Person.objects.count()
    if existing == size:
        report["reused"] = True
    else:
        if existing:
            raise SystemExit(f"bench database holds {existing} people, not {size}: drop it first")
        started = time.perf_counter()
        households, people = generate(size, seed=seed, office_ids=office_ids)
        report["generate_seconds"] = round(time.perf_counter() - started, 1)
        report["name_keys_cache"] = str(_name_keys.cache_info())
        started = time.perf_counter()
        with transaction.atomic():
            loader = _load_postgres if connection.vendor == "postgresql" else _load_sqlite
            report.update(loader(connection, households, people))
        if connection.vendor == "postgresql":  # outside the transaction: VACUUM cannot run in one
            with connection.cursor() as cursor:  # the visibility map lets index-only scans skip
                cursor.execute("VACUUM ANALYZE registry_personnamekey")  # the heap, as autovacuum
                cursor.execute("VACUUM ANALYZE registry_person")  # would in a running system
        report["load_seconds"] = round(time.perf_counter() - started, 1)
        report["reused"] = False
        del households, people
    report["people"] = Person.objects.count()
    report["households"] = Household.objects.count()
    _token, secret = services.token_create(actor=user, name=f"bench {dt.datetime.now():%H%M%S}",
                                           scopes=["registry:read"], expires_in_days=1)
    client = Client()
    client.force_login(user)
    report["token"] = secret
    cookie = settings.SESSION_COOKIE_NAME
    report["session_cookie"] = f"{cookie}={client.cookies[cookie].value}"
    return report


def command_explain(queries: list[tuple[str, str]]) -> list[dict]:
    """EXPLAIN ANALYZE of the list selector's page query and count, as the API runs them."""
    _django()
    from django.db import connection

    from corridor.access.models import User
    from corridor.core.pagination import COUNT_CAP
    from corridor.registry import selectors

    user = User.objects.get(username=BENCH_USER)
    out = []
    for q, category in queries:
        people = selectors.person_list(user=user, query=q, category=category)
        entry = {"q": q, "category": category}
        for label, qs in (("page", people[:50]), ("count", people)):
            if label == "count":
                capped = people.order_by().values("pk")[:COUNT_CAP + 1]  # as capped_count does
                sql, params = capped.query.sql_with_params()
                sql = f"SELECT count(*) FROM ({sql}) AS sub"  # noqa: S608 - Django's own SQL
            else:
                sql, params = qs.query.sql_with_params()
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else \
                "EXPLAIN QUERY PLAN "
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql, params)
                plan = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
            entry[f"{label}_plan"] = plan
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            entry[f"{label}_seconds"] = round(time.perf_counter() - started, 4)
            if label == "count":
                entry["matches"] = rows[0][0]
        out.append(entry)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.registry_data")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load")
    load.add_argument("--size", type=int, required=True)
    load.add_argument("--seed", type=int, default=2026)
    explain = sub.add_parser("explain")
    explain.add_argument("--pair", action="append", nargs=2, metavar=("Q", "CATEGORY"), default=[])
    args = parser.parse_args(argv)
    if args.command == "load":
        result = command_load(args.size, args.seed)
    else:
        result = command_explain([tuple(p) for p in args.pair])
    sys.stdout.write("\n@@RESULT@@" + json.dumps(result, default=str, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
