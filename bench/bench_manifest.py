"""Manifest benchmark: a 500-passenger manifest PDF renders in under 5 s.

    python -m bench.bench_manifest [--passengers 500] [--repeat 3]

What is timed: the manifest template rendered with 500 synthetic passengers (names in Latin,
document numbers, special needs, escorts) and WeasyPrint turning it into a PDF — the work the
leg page's "Manifest (PDF)" download does after its two queries (bookings, then the people's
documents, clearances and consents in four queries). Those queries are not in the figure. The
first render pays WeasyPrint's import and font set-up; it is reported apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import zoneinfo

from bench.results import write_result

FLOOR_SECONDS = 5.0


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def _leg():
    from corridor.movements.models import Leg, Operation

    operation = Operation(reference="MOV-BENCH-000001", title="Bench")
    departure = dt.datetime(2027, 3, 1, 4, 35, tzinfo=zoneinfo.ZoneInfo("Asia/Amman"))
    return Leg(pk=1, operation=operation, carrier="Turkish Airlines", number="TK813",
               origin="AMM", destination="IST", departure=departure, departure_zone="Asia/Amman",
               arrival=departure + dt.timedelta(hours=3), arrival_zone="Europe/Istanbul",
               seats=600)


def _rows(count: int):
    from corridor.movements.manifests import ManifestRow

    return [ManifestRow(number=i, family_name=f"AL-HASSAN{i}", given_name="Mohammed",
                        sex="Male", birth_date="04 Mar 1990", nationality="SYR",
                        document="Passport", document_number=f"N{i:08d}",
                        document_expires="01 Jan 2030",
                        needs="wheelchair" if i % 25 == 0 else "")
            for i in range(1, count + 1)]


def render(passengers: int) -> tuple[float, int]:
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from corridor.movements.manifests import _header

    start = time.perf_counter()
    with translation.override("en"):
        html = render_to_string("movements/manifest_pdf.html", {
            "leg": _leg(), "rows": _rows(passengers), "header": _header(), "escorts": [],
            "departure": "01 Mar 2027 04:35", "arrival": "01 Mar 2027 07:35",
            "LANGUAGE_CODE": "en"})
    pdf = HTML(string=html).write_pdf()
    return time.perf_counter() - start, len(pdf)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passengers", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    _setup()
    first, size = render(args.passengers)
    times = [render(args.passengers)[0] for _ in range(args.repeat)]
    worst = max(times)
    passed = worst < FLOOR_SECONDS and first < FLOOR_SECONDS
    figures = {"passengers": args.passengers, "first_render_seconds": round(first, 3),
               "render_seconds": [round(t, 3) for t in times],
               "worst_seconds": round(worst, 3), "pdf_bytes": size, "floor_seconds": FLOOR_SECONDS}
    path = write_result("manifest", figures=figures, passed=passed,
                        command=f"python -m bench.bench_manifest --passengers {args.passengers} "
                                f"--repeat {args.repeat}")
    print(f"{args.passengers} passengers: first {first:.2f} s, then {', '.join(f'{t:.2f}' for t in times)} s "
          f"({'passed' if passed else 'FAILED'}; {path})")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
