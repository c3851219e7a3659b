"""The flows dashboard's first page with a realistic store: size under 1 MB, server time under
300 ms. Measured with Django's test client (in process, so the time is the server's), DEBUG off.

    python -m bench.run flows_dashboard

A scratch SQLite database and DuckDB store under bench/work/flows_dashboard/ hold: the demo
gazetteer (5 countries), 4 points in each of 5 country offices, a year of generated counts
(about 0.5 million rows) imported through the app's own import service, and two assessment rounds.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "flows_dashboard"
SIZE_FLOOR = 1_000_000
TIME_FLOOR = 0.300
POINTS_PER_OFFICE = 4
DAYS = 365
WARM_RUNS = 15


def _environment() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-for-the-flows-dashboard-0123456789")
    os.environ["DEBUG"] = "false"
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "STATIC_MANIFEST"):
        os.environ[name] = "false"
    # The test client's host; setup_test_environment() is not used: it instruments template
    # rendering (copying every context), which a real server does not pay.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.FLOWS_STORE = WORK / "flows.duckdb"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _load() -> tuple[object, dict]:
    import pyarrow as pa

    from corridor.access import services as access
    from corridor.access.models import OfficeKind
    from corridor.access.roles import Role
    from corridor.flows import services
    from corridor.flows.demo import _csv, _remap
    from corridor.flows.models import MonitoringPoint
    from corridor.geo.demo import gazetteer_demo_load
    from corridor.geo.models import AdminArea
    from engines.flowstats.generator import Surge, generate_flow_counts, points

    gazetteer_demo_load()
    hq = access.office_create(actor=None, code="HQ", name="Headquarters", kind=OfficeKind.HEADQUARTERS,
                              country="CHE")
    offices = [access.office_create(actor=None, code=f"C{iso3}", name=f"Office {iso3}",
                                    kind=OfficeKind.COUNTRY, country=iso3, parent=hq)
               for iso3 in ("IRQ", "JOR", "UKR", "NER", "SYR")]
    created = []
    for office in offices:
        areas = list(AdminArea.objects.filter(country=office.country, level=1).order_by("pcode"))
        for n in range(POINTS_PER_OFFICE):
            area = areas[(n * 3) % len(areas)]
            created.append(services.point_create(actor=None, office=office, code=f"{office.country}-P{n}",
                                                 name=f"{area.name} point {n}", kind="border_crossing",
                                                 admin_area=area))
    today = dt.date.today()
    start = today - dt.timedelta(days=DAYS)
    counts = generate_flow_counts(seed=7, start=start, days=DAYS, point_count=len(created),
                                  cells_per_day=70, surge=Surge(point=points(1)[0],
                                                                start=today - dt.timedelta(days=4), days=3))
    counts = _remap(counts, "point", dict(zip(points(len(created)), [p.code for p in created], strict=True)))
    pcodes = list(AdminArea.objects.filter(level=1).values_list("pcode", flat=True))
    generated = sorted(set(counts.column("origin").to_pylist())
                       | set(counts.column("destination").to_pylist()))
    mapping = {code: pcodes[i * 7 % len(pcodes)] for i, code in enumerate(generated)}
    counts = _remap(_remap(counts, "origin", mapping), "destination", mapping)
    counts = counts.group_by([c for c in counts.column_names if c != "count"]).aggregate([("count", "sum")])
    counts = counts.rename_columns([*counts.column_names[:-1], "count"])
    began = time.perf_counter()
    codes = counts.column("point").to_pylist()
    rows = 0
    for office in offices:
        mine = {p.code for p in created if p.office_id == office.pk}
        part = counts.filter(pa.array([c in mine for c in codes]))
        services.flows_import(actor=None, office=office, kind="counts", data=_csv(part),
                              filename=f"counts-{office.code}.csv")
        rows += part.num_rows
    import_seconds = time.perf_counter() - began
    from corridor.flows.demo import _assessments

    services.flows_import(actor=None, office=hq, kind="assessments", data=_csv(_assessments(today)),
                          filename="round1.csv")
    analyst = access.user_create(actor=None, username="analyst", password=None,
                                 memberships=[(hq, Role.DATA_ANALYST)])
    return analyst, {"points": MonitoringPoint.objects.count(), "count_rows": rows,
                     "import_seconds": round(import_seconds, 2)}


def _client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _timed(client, url: str, *, uncached: bool) -> float:
    from corridor.flows import selectors

    if uncached:  # every aggregate recomputed by the engine, as after an import
        selectors._RESULTS.clear()
    began = time.perf_counter()
    client.get(url)
    return time.perf_counter() - began


def _measure(client, url: str) -> dict:
    began = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - began
    assert response.status_code == 200, (url, response.status_code)
    uncached = [_timed(client, url, uncached=True) for _ in range(WARM_RUNS)]
    cached = [_timed(client, url, uncached=False) for _ in range(WARM_RUNS)]
    size = len(response.content)
    median = statistics.median(uncached)
    return {"url": url, "bytes": size, "first_request_in_process_seconds": round(first, 4),
            "uncached_median_seconds": round(median, 4), "uncached_max_seconds": round(max(uncached), 4),
            "cached_median_seconds": round(statistics.median(cached), 4),
            "met": size < SIZE_FLOOR and median < TIME_FLOOR}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE.parent))
    _environment()
    analyst, loaded = _load()
    client = _client(analyst)
    pages = [_measure(client, url) for url in ("/flows/", "/flows/?country=JOR", "/flows/?frequency=daily",
                                               "/flows/od/", "/flows/displaced/", "/flows/breakdowns/")]
    passed = pages[0]["met"]
    from bench.results import write_result

    path = write_result("flows_dashboard", command="python -m bench.run flows_dashboard", passed=passed,
                        figures={"store": loaded, "load_average": os.getloadavg(),
                                 "floors": {"bytes": SIZE_FLOOR, "seconds": TIME_FLOOR,
                                            "judged_on": "/flows/, median, aggregate cache cleared"},
                                 "cpus": os.cpu_count(),
                                 "pages": pages})
    for page in pages:
        print(page)
    print(f"wrote {path}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
