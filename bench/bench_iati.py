"""IATI export benchmark: 5,000 activities with 100,000 transactions, streamed, under 30 s, in
constant memory.

    python -m bench.run iati
    python -m bench.bench_iati [--sizes 1000,5000] [--months 10]

For each size a SQLite database (bench/work/iati_bench_<size>.sqlite3, migrated with manage.py,
reused when it already holds that many projects) gets `size` projects of one country office,
each with one case and `--months` assistance items delivered a month apart (each item planned
and delivered in its month): every project publishes 2 × months transactions (a commitment and
an expenditure per month), 100,000 for 5,000 projects at the default 10 months, plus 3 yearly
budgets.

What is timed is what a reader of the published file gets: `GET /public/iati/activities.xml`
from gunicorn (one sync worker, DEBUG off) on a loopback port, read to the last byte in 64 KiB
reads. Memory is the worker's peak resident set (VmHWM from /proc) after the request; constant
memory means the peak for 5,000 activities is not above the peak for 1,000 by more than a
margin (MEMORY_MARGIN_MB), while the file is five times larger. The body is then validated
(schema, every codelist, core rules) and its activities and transactions counted.

Baseline, in the same run and on the same database: the naive export — every activity built
into one in-memory lxml tree, serialised at once — in a subprocess whose peak RSS (VmHWM) is
reported beside the same subprocess streaming the file to /dev/null.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

from bench.results import write_result

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / "work"
PYTHON = sys.executable
SECRET = "bench-secret-key-not-for-production-0123456789"  # noqa: S105 - bench only
FLOOR_SECONDS = 30.0
MEMORY_MARGIN_MB = 25.0
DEFAULT_SIZES = (1000, 5000)


def _log(message: str) -> None:
    print(f"[iati] {message}", flush=True)


def _env(database: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": SECRET,
            "DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING",
            "DOCUMENT_ENCRYPTION_KEYS": "Y29ycmlkb3ItYmVuY2gtaWF0aS1rZXktMDEyMzQ1Njc=",
            "DOCUMENT_HASH_KEY": SECRET, "STATIC_ROOT": str(WORK / "static")}


def _sub(args: list[str], env: dict[str, str], timeout: int = 1800) -> dict:
    done = subprocess.run([PYTHON, "-m", "bench.bench_iati", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"bench_iati {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.split("@@RESULT@@", 1)[1])


# --- inside a subprocess with DATABASE_URL set ---------------------------------------------

def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _count() -> dict:
    _django()
    from corridor.partners.models import Project

    return {"projects": Project.objects.count()}


def _load(size: int, months: int) -> dict:
    _django()
    from decimal import Decimal as D

    from django.db import connection, transaction
    from django.utils import timezone

    from corridor.access import services as access_services
    from corridor.access.models import Office
    from corridor.cases.models import AssistanceItem, Case
    from corridor.partners.models import Project
    from corridor.registry.models import Person

    started = time.perf_counter()
    today = timezone.localdate()
    with transaction.atomic():
        hq = Office.objects.filter(code="HQ-BENCH").first() or access_services.office_create(
            actor=None, code="HQ-BENCH", name="Headquarters", kind="hq", country="CHE")
        office = Office.objects.filter(code="CO-BENCH").first() or access_services.office_create(
            actor=None, code="CO-BENCH", name="Country office", kind="country", country="JOR",
            parent=hq)
        Project.objects.bulk_create([
            Project(code=f"BENCH-{i:05d}", title=f"Assisted voluntary return, caseload {i}",
                    category=("humanitarian", "development", "technical_cooperation",
                              "debate_research")[i % 4], office=office, currency="USD",
                    budget=D("250000.00") + i, start=today - dt.timedelta(days=400),
                    end=today + dt.timedelta(days=700))
            for i in range(size)], batch_size=2000)
        projects = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        Person.objects.bulk_create([Person(office=office, given_name=f"Bench{i}",
                                           category="refugee") for i in range(size)],
                                   batch_size=2000)
        people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        Case.objects.bulk_create([
            Case(reference=f"CASE-BENCH-{i:06d}", office=office, project_id=p, person_id=people[i],
                 kind="voluntary_return", state="in_assistance")
            for i, p in enumerate(projects)], batch_size=2000)
        cases = list(Case.objects.order_by("pk").values_list("pk", flat=True))
        items = []
        for case_id in cases:
            for m in range(months):
                day = today - dt.timedelta(days=31 * m + 3)
                items.append(AssistanceItem(case_id=case_id, kind="transport", status="delivered",
                                            planned_cost=D("300.00"), actual_cost=D("287.45"),
                                            delivered_on=day))
            if len(items) >= 20000:
                AssistanceItem.objects.bulk_create(items, batch_size=5000)
                items = []
        AssistanceItem.objects.bulk_create(items, batch_size=5000)
        # Planned in the month it was delivered (bulk_create stamps created_at now).
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cases_assistanceitem SET created_at = "
                           "datetime(delivered_on, '+10 hours')")
    return {"projects": size, "items": size * months,
            "load_seconds": round(time.perf_counter() - started, 1)}


def _peak_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child would report
    # the driver's own peak (it has just parsed a large file to validate it).
    return _status_mb(os.getpid(), "VmHWM")


def _in_process(mode: str) -> dict:
    """The export in this process: streamed to /dev/null, or built as one tree (the baseline)."""
    _django()
    from django.utils import timezone
    from lxml import etree

    from corridor.iati import selectors
    from engines.iati.writer import activity_element, iter_activities_xml

    before = _peak_mb()
    started = time.perf_counter()
    today, now = timezone.localdate(), timezone.now()
    size = 0
    if mode == "stream":
        with open(os.devnull, "wb") as sink:
            for chunk in iter_activities_xml(selectors.published_activities(today=today),
                                             generated=now):
                sink.write(chunk)
                size += len(chunk)
    else:
        root = etree.Element("iati-activities", version="2.03",
                             **{"generated-datetime": now.isoformat()})
        for activity in selectors.published_activities(today=today):
            root.append(activity_element(activity))
        size = len(etree.tostring(root, xml_declaration=True, encoding="utf-8",
                                  pretty_print=True))
    return {"seconds": round(time.perf_counter() - started, 2), "bytes": size,
            "peak_rss_mb_before": round(before, 1), "peak_rss_mb": round(_peak_mb(), 1)}


# --- the driver --------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for {pid}")


def _serve_and_fetch(env: dict[str, str], out: Path) -> dict:
    port = _free_port()
    log = open(WORK / "iati_gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--worker-class", "sync", "--timeout", "300",
         "--log-level", "warning"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise RuntimeError("gunicorn did not start: see bench/work/iati_gunicorn.log"
                                       ) from None
                time.sleep(0.3)
        workers = []
        while not workers and time.time() < deadline:
            workers = _children(server.pid)
            time.sleep(0.2)
        (worker,) = workers
        idle = _status_mb(worker, "VmRSS")
        conn = HTTPConnection("127.0.0.1", port, timeout=300)
        started = time.perf_counter()
        conn.request("GET", "/public/iati/activities.xml")
        response = conn.getresponse()
        first = None
        size = 0
        reads = 0
        with out.open("wb") as sink:
            while chunk := response.read(64 * 1024):
                if first is None:
                    first = time.perf_counter() - started
                sink.write(chunk)
                size += len(chunk)
                reads += 1
        elapsed = time.perf_counter() - started
        conn.close()
        return {"status": response.status, "content_type": response.getheader("Content-Type"),
                "transfer_encoding": response.getheader("Transfer-Encoding") or "",
                "seconds": round(elapsed, 2), "first_byte_seconds": round(first or 0, 3),
                "bytes": size, "reads": reads, "worker_idle_rss_mb": round(idle, 1),
                "worker_peak_rss_mb": round(_status_mb(worker, "VmHWM"), 1)}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _check(path: Path) -> dict:
    from lxml import etree

    from engines.iati import validate

    started = time.perf_counter()
    problems = validate(path, today=dt.date.today())
    seconds = time.perf_counter() - started
    activities = transactions = 0
    for _event, el in etree.iterparse(str(path), events=("end",),
                                      tag=("iati-activity", "transaction")):
        if el.tag == "transaction":
            transactions += 1
        else:
            activities += 1
            el.clear()
    return {"problems": len(problems), "first_problems": [str(p) for p in problems[:3]],
            "validate_seconds": round(seconds, 1), "activities": activities,
            "transactions": transactions}


def _prepare(size: int, months: int) -> tuple[Path, dict[str, str], dict]:
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / f"iati_bench_{size}_{months}.sqlite3"
    env = _env(database)
    if database.exists() and _sub(["count"], env)["projects"] == size:
        return database, env, {"reused": True}
    for leftover in WORK.glob(f"{database.name}*"):
        leftover.unlink()
    _log(f"migrating {database.name}")
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env,
                   check=True, timeout=900)
    _log(f"loading {size} projects × {months} months")
    return database, env, _sub(["load", "--size", str(size), "--months", str(months)], env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--months", type=int, default=10)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = {}
    for size in sizes:
        _database, env, loaded = _prepare(size, args.months)
        out = WORK / f"iati_activities_{size}.xml"
        _log(f"{size}: GET /public/iati/activities.xml")
        served = _serve_and_fetch(env, out)
        checked = _check(out)
        _log(f"{size}: {served['seconds']} s, {served['bytes'] / 1e6:.1f} MB, worker peak "
             f"{served['worker_peak_rss_mb']} MB; {checked['transactions']} transactions, "
             f"{checked['problems']} problems")
        streamed = _sub(["inprocess", "--mode", "stream"], env)
        naive = _sub(["inprocess", "--mode", "tree"], env)
        _log(f"{size}: in process, streamed {streamed['seconds']} s / {streamed['peak_rss_mb']} MB"
             f"; naive tree {naive['seconds']} s / {naive['peak_rss_mb']} MB")
        runs[str(size)] = {"data": loaded, "endpoint": served, "file": checked,
                           "in_process_streamed": streamed, "baseline_in_memory_tree": naive}
    largest, smallest = runs[str(max(sizes))], runs[str(min(sizes))]
    growth = (largest["endpoint"]["worker_peak_rss_mb"]
              - smallest["endpoint"]["worker_peak_rss_mb"])
    passed = (largest["endpoint"]["seconds"] < FLOOR_SECONDS
              and all(r["endpoint"]["status"] == 200 and r["file"]["problems"] == 0
                      for r in runs.values())
              and (len(sizes) < 2 or growth <= MEMORY_MARGIN_MB))
    figures = {"floor_seconds": FLOOR_SECONDS, "memory_margin_mb": MEMORY_MARGIN_MB,
               "months_per_project": args.months, "peak_rss_growth_mb": round(growth, 1),
               "runs": runs,
               "server": "gunicorn, 1 sync worker, DEBUG off, SQLite, loopback"}
    path = write_result("iati", figures=figures, passed=passed,
                        command=f"python -m bench.bench_iati --sizes {args.sizes} "
                                f"--months {args.months}")
    _log(f"{'passed' if passed else 'FAILED'}; peak RSS growth {growth:.1f} MB; {path}")
    return 0 if passed else 1


def _subcommand(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["count", "load", "inprocess"])
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--months", type=int, default=10)
    parser.add_argument("--mode", default="stream")
    args = parser.parse_args(argv)
    result = {"count": _count, "load": lambda: _load(args.size, args.months),
              "inprocess": lambda: _in_process(args.mode)}[args.what]()
    print("@@RESULT@@" + json.dumps(result))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("count", "load", "inprocess"):
        sys.exit(_subcommand(sys.argv[1:]))
    sys.exit(main(sys.argv[1:]))
