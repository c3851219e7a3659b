"""A ledger of 1,000,000 entries, through the API the finance officer's pages and clients use:
`GET /api/v1/finance/funds/{id}/balances?on=` (the fund's balance per account at a day) and
`GET /api/v1/finance/members/{id}/statement?since=&until=` (a member's statement of account).

    python -m bench.run finance                     # 1,000,000 entries on SQLite and PostgreSQL
    python -m bench.bench_finance --entries 100000  # a smaller run

Floor (issue 14): under 100 ms each, on SQLite and PostgreSQL. Baseline, in the same run: the
balance summed from the entries themselves (what the daily totals, kept by the database's
trigger on each seal, replace: ADR 0070), for the same fund and days.

The ledger is loaded in bulk (transactions, their postings and seals, through the ORM's
bulk_create): the seal's triggers still check each transaction balances and add it to its day's
totals, as for a posted one. 200 member States, twenty years of assessments and payments in
francs on the administrative fund: half the transactions assess a member's year (receivable
against assessed income), half record a payment (bank against the receivable).
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
from datetime import date, timedelta
from pathlib import Path

from bench.results import write_result

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / "work"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
FLOOR_MS = 100.0
MEMBERS = 200
FIRST_DAY = date(2005, 1, 1)
DAYS = 20 * 365
REQUESTS = 25


def _database(vendor: str, entries: int, pg_name: str | None = None) -> str:
    if vendor == "sqlite":
        path = WORK / f"finance_{entries}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = pg_name or f"corridor_bench_finance_{entries}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def _load(entries: int, officer) -> tuple[list, object]:
    from django.db import transaction

    from corridor.finance import chart
    from corridor.finance.models import (
        Account,
        Fund,
        MemberState,
        Posting,
        Transaction,
        TransactionSeal,
    )
    from corridor.finance.services import contributions

    codes = sorted(c for c in _iso3_codes())[:MEMBERS]
    for code in codes:
        contributions.member_create(actor=officer, iso3=code, name=f"State {code}")
    members = list(MemberState.objects.order_by("iso3"))
    receivables = {a.member_id: a.pk for a in Account.objects.filter(member__isnull=False)}
    fund = Fund.objects.get(code=chart.ADMIN_FUND)
    bank = Account.objects.get(code=chart.BANK).pk
    income = Account.objects.get(code=chart.ASSESSED_INCOME).pk
    rng = random.Random(1996)
    batch = 5_000
    for start in range(0, entries // 2, batch):
        count = min(batch, entries // 2 - start)
        with transaction.atomic():
            days = sorted(FIRST_DAY + timedelta(days=rng.randrange(DAYS)) for _ in range(count))
            txns = Transaction.objects.bulk_create([
                Transaction(booked_on=day, kind="journal", description="bench",
                            created_by=officer) for day in days])
            postings = []
            for txn in txns:
                member = members[rng.randrange(len(members))]
                minor = rng.randrange(1_000, 10_000_000)
                year = txn.booked_on.year
                assessment = rng.random() < 0.5
                other = income if assessment else bank
                sign = 1 if assessment else -1
                for account, value, member_year in ((receivables[member.pk], sign * minor, year),
                                                    (other, -sign * minor, None)):
                    postings.append(Posting(transaction=txn, fund=fund, account_id=account,
                                            currency_id="CHF", amount_minor=value, rate=1,
                                            base_minor=value, year=member_year,
                                            booked_on=txn.booked_on))
            Posting.objects.bulk_create(postings, batch_size=2_000)
            TransactionSeal.objects.bulk_create([TransactionSeal(transaction=t) for t in txns],
                                                batch_size=2_000)
    return members, fund


def _iso3_codes():
    import pycountry

    return (c.alpha_3 for c in pycountry.countries)


def _timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return elapsed


def child(vendor: str, entries: int, pg_name: str | None = None) -> dict:
    url = _database(vendor, entries, pg_name)
    os.environ.update({"DATABASE_URL": url, "DEBUG": "true",
                       "DJANGO_SETTINGS_MODULE": "config.settings",
                       "TWO_FACTOR_REQUIRED": "false"})
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True,
                   env=os.environ.copy())
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from corridor.access import services as access_services
    from corridor.access.models import OfficeKind
    from corridor.finance.models import Posting

    hq = access_services.office_create(actor=None, code="HQ", name="Headquarters",
                                       kind=OfficeKind.HEADQUARTERS, country="CHE")
    officer = access_services.user_create(actor=None, username="bench_finance", password=None,
                                          memberships=[(hq, "finance_officer")])
    started = time.perf_counter()
    members, fund = _load(entries, officer)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load (off on some machines): the planner's
        # statistics of the loaded tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_seconds = time.perf_counter() - started
    loaded = Posting.objects.count()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)
    rng = random.Random(7)
    days = [FIRST_DAY + timedelta(days=rng.randrange(DAYS)) for _ in range(REQUESTS)]
    _timed(client, f"/api/v1/finance/funds/{fund.pk}/balances?on={days[0]}")  # warm
    balance_ms = [_timed(client, f"/api/v1/finance/funds/{fund.pk}/balances?on={day}")
                  for day in days]
    statement_ms = []
    for day in days:
        member = members[rng.randrange(len(members))]
        since = date(day.year, 1, 1)
        statement_ms.append(_timed(
            client, f"/api/v1/finance/members/{member.pk}/statement?since={since}&until={day}"))
    # Baseline: the fund's balance per account summed from its entries up to the day.
    baseline_ms = []
    with connection.cursor() as cursor:
        for day in days:
            started = time.perf_counter()
            cursor.execute("SELECT account_id, SUM(base_minor) FROM finance_posting "
                           "WHERE fund_id = %s AND booked_on <= %s GROUP BY account_id",
                           [fund.pk, day])
            cursor.fetchall()
            baseline_ms.append((time.perf_counter() - started) * 1000)

    def summary(values):
        ordered = sorted(values)
        return {"median_ms": round(statistics.median(ordered), 1),
                "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
                "max_ms": round(ordered[-1], 1)}

    return {"database": vendor, "entries": loaded, "members": len(members),
            "load_seconds": round(load_seconds, 1),
            "sealed_transactions_per_second": round(entries // 2 / load_seconds),
            "fund_balance_at_a_day": summary(balance_ms),
            "member_statement": summary(statement_ms),
            "baseline_balance_summed_from_entries": summary(baseline_ms),
            "floor_ms": FLOOR_MS, "load_average_1min": round(os.getloadavg()[0], 1)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--vendors", default="sqlite,postgresql")
    parser.add_argument("--pg-database", help="the PostgreSQL database to (re)create "
                        "(default corridor_bench_finance_ENTRIES)")
    parser.add_argument("--child", nargs=2, metavar=("VENDOR", "ENTRIES"))
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), args.pg_database)), flush=True)
        return 0
    WORK.mkdir(exist_ok=True)
    vendors = args.vendors.split(",")
    # A run of one database keeps the other's last figures, marked with their date.
    runs, passed = _earlier_runs({"sqlite", "postgresql"} - set(vendors)), True
    for run in runs:
        passed &= all(run[key]["p95_ms"] < FLOOR_MS
                      for key in ("fund_balance_at_a_day", "member_statement"))
    for vendor in vendors:
        # Each database in a process of its own: Django is set up once per process.
        extra = ["--pg-database", args.pg_database] if args.pg_database else []
        out = subprocess.run([sys.executable, "-m", "bench.bench_finance", "--child", vendor,
                              str(args.entries), *extra], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                             check=True)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        print(vendor, json.dumps(figures), flush=True)
        runs.append(figures)
        for key in ("fund_balance_at_a_day", "member_statement"):
            passed &= figures[key]["p95_ms"] < FLOOR_MS
        # Written after each database: a run stopped on the next one keeps this one's figures.
        write_result("finance", figures={"runs": runs},
                     command="python -m bench.bench_finance " + " ".join(argv), passed=passed)
    return 0 if passed else 1


def _earlier_runs(vendors: set[str]) -> list[dict]:
    path = ROOT / "bench" / "results" / "finance.json"
    if not vendors or not path.exists():
        return []
    earlier = json.loads(path.read_text())
    return [{**run, "measured_on": run.get("measured_on", earlier["date"])}
            for run in earlier.get("figures", {}).get("runs", [])
            if run.get("database") in vendors and run.get("entries")]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
