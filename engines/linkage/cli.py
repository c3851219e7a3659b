"""`corridor-link`: dedupe, link and search person records from CSV files."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from engines.linkage.records import InputError, date_problems, parse_mapping, read_records

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corridor-link", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--out", required=True, type=Path, help="CSV to write")
        sub.add_argument("--map", default="", help="rename input columns: SOURCE=FIELD,...")
        sub.add_argument("--backend", choices=("duckdb", "spark"), default="duckdb")
        sub.add_argument("--model", type=Path, help="trained model JSON to use")
        sub.add_argument("--save-model", type=Path, help="write the model used to this JSON")
        sub.add_argument(
            "--strict",
            action="store_true",
            help="refuse a file holding an impossible birth date (default: keep it as written, "
            "compare it as text and warn)",
        )

    dedupe = commands.add_parser("dedupe", help="pairs of records that are the same person")
    dedupe.add_argument("records", type=Path)
    common(dedupe)
    link = commands.add_parser("link", help="pairs across two files that are the same person")
    link.add_argument("left", type=Path)
    link.add_argument("right", type=Path)
    common(link)
    search = commands.add_parser("search", help="best registry records for each request")
    search.add_argument("registry", type=Path)
    search.add_argument("requests", type=Path)
    search.add_argument("--top", type=int, default=10)
    common(search)
    return parser


def write_atomically(frame: pd.DataFrame, path: Path) -> None:
    """Write to a temporary file beside `path`, then rename: no partial output on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            frame.to_csv(out, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read(path: Path, args: argparse.Namespace, mapping: dict[str, str]) -> pd.DataFrame:
    """A checked input file; its impossible birth dates refused (--strict) or counted in a
    warning on standard error (kept as written, compared as text)."""
    records = read_records(path, mapping=mapping, strict=args.strict)
    problems = date_problems(records, name=str(path))
    if problems:
        rows = sum(p.rows for p in problems)
        first = problems[0]
        print(
            f"corridor-link: warning: {path}: {rows} birth date(s) in {len(problems)} distinct "
            f"value(s) are not real dates (first: {first.message.removeprefix(f'{path}: ')}); "
            "kept as written and compared as text (--strict refuses the file)",
            file=sys.stderr,
        )
    return records


def run(args: argparse.Namespace) -> pd.DataFrame:
    # Splink and DuckDB load after the input is checked: bad input is refused at once.
    from engines.linkage.features import build_features

    def api():
        from engines.linkage import api as module

        return module

    mapping = parse_mapping(args.map)
    if args.command == "dedupe":
        # The raw table is dropped as soon as the features exist (a million rows of text).
        features = build_features(read(args.records, args, mapping))
        model = api().model_for(features, args.model, args.backend)
        result = api().dedupe(features, backend=args.backend, model=model)
    elif args.command == "link":
        left = build_features(read(args.left, args, mapping))
        right = build_features(read(args.right, args, mapping))
        both = pd.concat([left, right], ignore_index=True)
        model = api().model_for(both, args.model, args.backend)
        result = api().link(left, right, backend=args.backend, model=model)
    else:
        if args.top < 1:
            raise InputError("--top must be at least 1")
        from engines.linkage.index import with_spellings

        # Features with each name's spelling as written, which the tracing index compares too.
        registry_records = read(args.registry, args, mapping)
        registry = with_spellings(build_features(registry_records), registry_records)
        del registry_records
        request_records = read(args.requests, args, mapping)
        requests = with_spellings(build_features(request_records), request_records)
        # The tracing index scores without a trained model: train one only to save it.
        model = api().model_for(registry, args.model, args.backend) if args.save_model else None
        result = api().search(registry, requests, top=args.top)
    if args.save_model:
        model.save(args.save_model)
    return result


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        result = run(args)
    except InputError as err:
        print(f"corridor-link: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    write_atomically(result, args.out)
    print(f"corridor-link: wrote {len(result)} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
