"""`corridor-flows`: the engine from a terminal, for an analyst with a laptop and a spreadsheet.

    corridor-flows load STORE.duckdb counts FILE.csv [FILE.csv ...] [--gazetteer AREAS.csv]
    corridor-flows od STORE.duckdb --from 2026-01-01 --to 2026-01-31 --filter nationality=AFG
    corridor-flows series STORE.duckdb --frequency monthly [--by point]
    corridor-flows surges STORE.duckdb [--window 28] [--k 3]
    corridor-flows displaced STORE.duckdb [--filter admin_area=SD01]
    corridor-flows breakdown STORE.duckdb --by sex,age_group [--source surveys]
    corridor-flows generate DIRECTORY [--seed 1] [--days 365]

Results go to stdout as CSV (or JSON with --format json), or to --out FILE. Bad input prints
what is wrong and exits with status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

from engines.flowstats.breakdowns import flow_breakdown, od_matrix
from engines.flowstats.displaced import displaced_population
from engines.flowstats.errors import FlowDataError, FlowQueryError
from engines.flowstats.filters import FlowFilter
from engines.flowstats.gazetteer import Gazetteer
from engines.flowstats.results import FlowResult
from engines.flowstats.schema import SPECS
from engines.flowstats.series import flow_series
from engines.flowstats.store import FlowStore
from engines.flowstats.suppression import DEFAULT_THRESHOLD
from engines.flowstats.surges import surge_alerts

BAD_INPUT = 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep one message style
        raise _UsageError(f"{self.prog}: {message}")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def _query_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("store", type=Path, help="the DuckDB store file")
    parser.add_argument("--from", dest="date_from", type=_date, help="first day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="date_to", type=_date, help="last day (YYYY-MM-DD)")
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="NAME=VALUE[,VALUE]",
        help="repeatable; names: " + ", ".join(FlowFilter.dimensions()),
    )
    parser.add_argument(
        "--threshold", type=int, default=DEFAULT_THRESHOLD, help="mask counts below this (default 5)"
    )
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--out", type=Path, help="write here instead of stdout")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="corridor-flows", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    load = commands.add_parser("load", help="validate and load CSV or Parquet files (all or nothing)")
    load.add_argument("store", type=Path)
    load.add_argument("kind", choices=tuple(SPECS))
    load.add_argument("files", type=Path, nargs="+")
    load.add_argument("--gazetteer", type=Path, help="CSV with a pcode column")
    load.add_argument("--today", type=_date, help="reject dates after this day (default today)")

    od = commands.add_parser("od", help="origin-destination matrix")
    _query_arguments(od)
    od.add_argument("--source", choices=("counts", "surveys"), default="counts")

    series = commands.add_parser("series", help="daily, weekly or monthly series with change")
    _query_arguments(series)
    series.add_argument("--frequency", choices=("daily", "weekly", "monthly"), default="monthly")
    series.add_argument("--by", help="one series per value of this dimension (e.g. point)")
    series.add_argument("--source", choices=("counts", "surveys"), default="counts")

    surges = commands.add_parser("surges", help="days a point's flow left its recent range")
    _query_arguments(surges)
    surges.add_argument("--window", type=int, default=28, help="days of history (default 28)")
    surges.add_argument("--k", type=float, default=3.0, help="standard deviations (default 3)")

    displaced = commands.add_parser("displaced", help="displaced population per area and round")
    _query_arguments(displaced)

    breakdown = commands.add_parser("breakdown", help="counts by one or two dimensions")
    _query_arguments(breakdown)
    breakdown.add_argument("--by", required=True, help="DIMENSION[,DIMENSION]")
    breakdown.add_argument("--source", choices=("counts", "surveys", "assessments"), default="counts")

    generate = commands.add_parser("generate", help="write synthetic CSV files to try things on")
    generate.add_argument("directory", type=Path)
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("--days", type=int, default=365)
    return parser


def _emit(result: FlowResult, arguments: argparse.Namespace) -> None:
    if arguments.format == "json":
        text = (
            json.dumps(
                {
                    "kind": result.kind,
                    "threshold": result.threshold,
                    "masked_cells": result.masked_cells,
                    "rows": result.to_pylist(),
                },
                default=str,
                indent=1,
            )
            + "\n"
        )
    else:
        text = result.to_csv()
    if arguments.out:
        arguments.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _load(arguments: argparse.Namespace) -> int:
    gazetteer = Gazetteer.from_csv(arguments.gazetteer) if arguments.gazetteer else None
    with FlowStore(arguments.store) as store:
        reports = store.load(arguments.kind, *arguments.files, gazetteer=gazetteer, today=arguments.today)
    for report in reports:
        print(
            f"{report.source}: {report.rows} rows loaded as {report.kind} "
            f"({report.replaced} replaced rows with the same key), batch {report.batch_id}"
        )
    return 0


def _generate(arguments: argparse.Namespace) -> int:
    # Imported here: the generator needs numpy, which the other commands do not load.
    import pyarrow.csv as pacsv

    from engines.flowstats import generator

    directory: Path = arguments.directory
    directory.mkdir(parents=True, exist_ok=True)
    start = dt.date.today() - dt.timedelta(days=arguments.days)
    surge = generator.Surge("FMP002", start + dt.timedelta(days=arguments.days * 2 // 3))
    counts = generator.generate_flow_counts(
        seed=arguments.seed, start=start, days=arguments.days, surge=surge
    )
    pacsv.write_csv(counts, str(directory / "counts.csv"))
    pacsv.write_csv(
        generator.generate_surveys(seed=arguments.seed, start=start, days=arguments.days),
        str(directory / "surveys.csv"),
    )
    for number, table in enumerate(generator.generate_assessments(seed=arguments.seed), 1):
        pacsv.write_csv(table, str(directory / f"assessments_round{number}.csv"))
    areas = sorted(generator.gazetteer().pcodes)
    (directory / "admin_areas.csv").write_text("pcode\n" + "\n".join(areas) + "\n")
    print(f"wrote synthetic flows, surveys, assessments and admin_areas.csv to {directory}")
    return 0


def _query(arguments: argparse.Namespace) -> int:
    filters = FlowFilter.parse(arguments.filter, date_from=arguments.date_from, date_to=arguments.date_to)
    with FlowStore.open_existing(arguments.store) as store:
        common = {"filters": filters, "threshold": arguments.threshold}
        if arguments.command == "od":
            result = od_matrix(store, source=arguments.source, **common)
        elif arguments.command == "series":
            result = flow_series(
                store, frequency=arguments.frequency, by=arguments.by, source=arguments.source, **common
            )
        elif arguments.command == "surges":
            result = surge_alerts(store, window=arguments.window, k=arguments.k, **common)
        elif arguments.command == "displaced":
            result = displaced_population(store, **common)
        else:
            by = tuple(d.strip() for d in arguments.by.split(",") if d.strip())
            result = flow_breakdown(store, by=by, source=arguments.source, **common)
    _emit(result, arguments)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        arguments = _parser().parse_args(argv)
        if arguments.command == "load":
            return _load(arguments)
        if arguments.command == "generate":
            return _generate(arguments)
        return _query(arguments)
    except FlowDataError as error:
        print(error, file=sys.stderr)
        return BAD_INPUT
    except (_UsageError, FlowQueryError, FileNotFoundError, ValueError, duckdb.IOException) as error:
        print(f"corridor-flows: {error}", file=sys.stderr)
        return BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
