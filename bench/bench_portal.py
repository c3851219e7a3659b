# ruff: noqa: SIM905 - word lists read better as one string each
"""Portal search benchmark: 100,000 published items in English, French and Spanish.

Floors (issue 16): search answers within 50 ms at the 95th percentile on SQLite and on
PostgreSQL, through the endpoints a user uses (the JSON API `/api/v1/portal/search` and the page
`/public/search/`, facets and snippets included), side by side with a plain `icontains` query over
titles and summaries in the same run (the baseline); a portal page (home, a country, an item)
renders within 200 ms server time.

    python -m bench.run portal                                  # both databases
    python -m bench.bench_portal --vendors sqlite --items 100000

Each database in a process of its own (Django set up once per process): SQLite at
bench/work/portal_<items>.sqlite3, PostgreSQL `corridor_bench_portal_<items>` on 127.0.0.1; a
database already holding that many items is reused (the load takes minutes). Requests go through
Django's test client in-process: the time measured is the server's, from request to response.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from bench.results import write_result

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / "work"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
SEARCH_FLOOR_MS = 50.0
PAGE_FLOOR_MS = 200.0
ROUNDS = 5
QUERIES = [  # (q, extra parameters)
    ("travailleurs migrants", ""), ("refugees", ""), ("trabajadores migrantes", ""),
    ("asylum procedure", ""), ("retour volontaire", "&lang=fr"), ("trafficking", "&country=NER"),
    ("border management", "&kind=legislation"), ("climate mobility", "&sort=date"),
    ("remittances families", ""), ("réfugiés", "&region=002"), ("zzyzx nothing", ""),
    ("", ""), ("", "&country=FRA"), ('"NEAR(* OR', ""), ("اللاجئين", ""),
    ("seasonal workers agriculture", "&year=2015"),
]
WORDS = {
    "en": ("migrant workers refugees asylum seekers procedure border management return reintegration "
           "trafficking persons smuggling remittances families climate mobility labour rights protection "
           "displacement camps integration policy law decree regional dialogue survey report evidence "
           "seasonal agriculture domestic employment recruitment visa residence permit children women "
           "health data statistics diaspora investment corridor route transit destination origin").split(),
    "fr": ("travailleurs migrants réfugiés demandeurs asile procédure gestion frontières retour volontaire "
           "réintégration traite personnes trafic transferts fonds familles climat mobilité travail droits "
           "protection déplacement camps intégration politique loi décret dialogue régional enquête rapport "
           "saisonniers agriculture emploi recrutement visa séjour titre enfants femmes santé données "
           "statistiques diaspora investissement route transit destination origine").split(),
    "es": ("trabajadores migrantes refugiados solicitantes asilo procedimiento gestión fronteras "
           "retorno voluntario reintegración trata personas tráfico remesas familias clima "
           "movilidad trabajo derechos protección desplazamiento campamentos integración política "
           "ley decreto diálogo regional encuesta informe temporeros agricultura empleo "
           "contratación visado residencia permiso niños mujeres salud datos estadísticas "
           "diáspora inversión ruta tránsito destino origen").split(),
}
COUNTRIES = ("FRA ESP ITA DEU GRC MAR SEN MLI NER NGA ETH KEN EGY TUN JOR LBN TUR AFG BGD PHL MEX GTM "
             "COL ECU ARG BRA CAN USA GBR NLD BEL CHE AUT POL UKR RUS CHN IND PAK IRN IRQ SYR YEM SDN SSD "
             "SOM COD CAF CMR TCD LBY DZA GHA CIV BFA GIN AUS NZL FJI PNG IDN").split()


def _database(vendor: str, items: int) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite":
        return f"sqlite:///{WORK / f'portal_{items}.sqlite3'}"
    import psycopg

    name = f"corridor_bench_portal_{items}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


SYLLABLES = "ba ri to ma ne su la ko di pe ra mo ti ve sa no lu ca de fi".split()


def _vocabulary(language: str) -> tuple[list[str], list[float]]:
    """The topical words first, then 4,000 made-up ones, drawn by Zipf's law (the k-th word with
    weight 1/k), as words of real text are: a few very common, most rare."""
    rng = random.Random(language)
    made = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(4000)]
    words = [*WORDS[language], *made]
    total, cumulative = 0.0, []
    for rank in range(1, len(words) + 1):
        total += 1 / rank
        cumulative.append(total)
    return words, cumulative


VOCABULARY: dict[str, tuple[list[str], list[float]]] = {}


def _sentence(rng: random.Random, language: str, n: int) -> str:
    if language not in VOCABULARY:
        VOCABULARY[language] = _vocabulary(language)
    words, cumulative = VOCABULARY[language]
    return " ".join(rng.choices(words, cum_weights=cumulative, k=n))


def _rows(count: int) -> list[dict]:
    from corridor.portal.models import Kind

    rng = random.Random(16)
    kinds = [Kind.LEGISLATION] * 3 + [Kind.PUBLICATION] * 4 + [Kind.MEETING] * 2 + [
        Kind.STRUCTURE, Kind.CAMPAIGN, Kind.PROJECT, Kind.LINK]
    subjects = ["labour_migration", "refugees", "irregular_migration", "trafficking", "return",
                "remittances", "border_management", "climate", "displacement", "statistics"]
    details = {
        Kind.LEGISLATION: lambda y: {"instrument_type": "law", "versions": [{"date": f"{y}-01-01",
                                                                            "event": "enacted"}]},
        Kind.PUBLICATION: lambda y: {"publication_type": "report", "authors": ["A. Author"]},
        Kind.MEETING: lambda y: {"meeting_type": "workshop", "place": {"en": "Geneva"}},
        Kind.STRUCTURE: lambda y: {"institution": {"en": "Migration office"}},
        Kind.CAMPAIGN: lambda y: {}, Kind.PROJECT: lambda y: {"funder": "Fund"},
        Kind.LINK: lambda y: {"url": "https://example.org/"},
    }
    rows = []
    for i in range(count):
        kind = rng.choice(kinds)
        source = ("en", "fr", "es")[i % 3]
        langs = [source] + [code for code in ("en", "fr", "es") if code != source and rng.random() < 0.5]
        year = rng.randint(1990, 2025)
        rows.append({"kind": kind, "slug": f"bench-{i}", "source_language": source, "data": {
            "title": {code: _sentence(rng, code, rng.randint(5, 9)) for code in langs},
            "summary": {code: _sentence(rng, code, rng.randint(20, 35)) for code in langs},
            "countries": rng.sample(COUNTRIES, rng.choice((1, 1, 1, 2))),
            "subjects": rng.sample(subjects, rng.choice((1, 2))),
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "details": details[kind](year)}})
    return rows


def _summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "max_ms": round(ordered[-1], 1), "requests": len(ordered)}


def child(vendor: str, items: int) -> dict:
    url = _database(vendor, items)
    os.environ.update({"DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50,
                       "DJANGO_SETTINGS_MODULE": "config.settings", "ALLOWED_HOSTS": "127.0.0.1",
                       "SECURE_SSL_REDIRECT": "false", "TWO_FACTOR_REQUIRED": "false",
                       "LOG_LEVEL": "WARNING", "FLOWS_STORE": str(WORK / "portal_flows.duckdb"),
                       "STATIC_MANIFEST": "false"})
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True,
                   env=os.environ.copy())
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from corridor.portal import bulk
    from corridor.portal.models import Item
    from corridor.portal.search.service import icontains

    load_seconds = None
    if Item.objects.count() != items:
        Item.objects.all().delete()
        started = time.perf_counter()
        bulk.load_published(_rows(items), is_demo=False, summary="Benchmark items")
        load_seconds = round(time.perf_counter() - started, 1)
        if vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                cursor.execute("INSERT INTO portal_search_fts(portal_search_fts) VALUES ('optimize')")
        else:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    client = Client(HTTP_HOST="127.0.0.1")

    def timed(path: str) -> float:
        started = time.perf_counter()
        answer = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        assert answer.status_code == 200, (path, answer.status_code)
        return elapsed

    api = [f"/api/v1/portal/search?q={urllib.parse.quote(q)}{extra}" for q, extra in QUERIES]
    page = [f"/public/search/?q={urllib.parse.quote(q)}{extra}" for q, extra in QUERIES]
    totals = {f"{q}{extra}" or "(empty)": client.get(path).json()["total"]
              for (q, extra), path in zip(QUERIES, api, strict=True)}
    api_ms = [timed(path) for _ in range(ROUNDS) for path in api]
    page_ms = [timed(path) for _ in range(ROUNDS) for path in page]
    baseline_ms = []
    for _ in range(ROUNDS):
        for q, _extra in QUERIES:
            started = time.perf_counter()
            icontains(q)
            baseline_ms.append((time.perf_counter() - started) * 1000)
    slug = Item.objects.filter(kind="legislation").order_by("pk").values_list("slug", flat=True).first()
    pages = ["/", "/public/countries/FRA/", f"/public/items/{slug}/", "/public/browse/publication/"]
    for path in pages:
        timed(path)  # warm
    render_ms = {path: _summary([timed(path) for _ in range(ROUNDS * 4)]) for path in pages}
    return {"database": vendor, "items": Item.objects.count(),
            "search_entries": _count("portal_searchentry", connection), "load_seconds": load_seconds,
            "matches": totals, "search_api": _summary(api_ms), "search_page": _summary(page_ms),
            "baseline_icontains_title_summary": _summary(baseline_ms), "page_render": render_ms,
            "floors_ms": {"search_p95": SEARCH_FLOOR_MS, "page_render": PAGE_FLOOR_MS},
            "load_average_1min": round(os.getloadavg()[0], 1)}


def _count(table: str, connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - a constant name
        return cursor.fetchone()[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--vendors", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, metavar=("VENDOR", "ITEMS"))
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))), flush=True)
        return 0
    runs, passed = [], True
    for vendor in args.vendors.split(","):
        out = subprocess.run([sys.executable, "-m", "bench.bench_portal", "--child", vendor,
                              str(args.items)], cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        print(vendor, json.dumps(figures), flush=True)
        runs.append(figures)
        passed &= figures["search_api"]["p95_ms"] < SEARCH_FLOOR_MS
        passed &= figures["search_page"]["p95_ms"] < SEARCH_FLOOR_MS
        passed &= all(r["p95_ms"] < PAGE_FLOOR_MS for r in figures["page_render"].values())
        write_result("portal", figures={"runs": runs},
                     command="python -m bench.bench_portal " + " ".join(argv), passed=passed)
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
