"""Tracing benchmark: find the sought person among a generated registry, ours beside Splink.

    python -m bench.run tracing                           # 1,000,000 records, 1,000 requests
    python -m bench.bench_tracing --size 100000           # a quick run

Requests come from engines.linkage.generator.enquiry_requests: people of the registry described
the way an enquirer would (own spelling, approximate year, sometimes place or father's name).
A request is found when a record of the sought person is among the top 10 returned.

The floor (85 % in the top 10) is for "requests carrying what an enquirer typically knows (names
with variants, an approximate birth year, sometimes a place or father's name)": `top10_recall`
is measured on the requests that carry a birth year. The generator also writes requests without
one (a tenth, and those describing a registration without a date); with nothing but names, the
sought person is one of all the namesakes. Their recall, and that of all requests together, are
reported beside it ("..._without_year", "..._all_requests").

Ours: engines.linkage.api.search over a SearchIndex built once ("load", from the records with
their names as written, as api.search_index builds it), then one request at a
time, the latency being the whole call (request checked, normalised, scored, ranked). The index
caches each distinct request name's comparison with the registry's spellings, so names asked
about before cost less; "cold_cache" times requests with that cache emptied. The
"top10_recall_ceiling" estimates, generously, what any engine that rewards agreement could reach
when the registry holds people at least as close to what the request says as the sought person
(see _separable_ceiling).
Baseline: Splink 5 the tutorial way — a dedupe model of the registry (names, birth year, place,
father's name; u by random sampling, EM on three blocks), then new records scored against the
registry with `predict_between` (Splink 5's replacement of `find_matches_to_new_records`), best
10 per request. Its recall comes from one call with all requests; its latency from single-request
calls on a sample. Each side runs in its own process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import logging
import multiprocessing
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.results import write_result

WORK = Path(__file__).resolve().parent / "work"
TOP = 10
BASELINE_MEMORY = "6GB"
FLOORS = {"top10_recall": 0.85, "p95_ms": 200.0, "size": 1_000_000}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _with_year(requests: pd.DataFrame) -> np.ndarray:
    """Which requests carry a birth year: the population the floor is set for."""
    return (requests["birth_date"].astype(str).str.strip() != "").to_numpy()


def _by_population(per_request: np.ndarray, requests: pd.DataFrame, name: str) -> dict:
    """A per-request figure averaged over the floor's population (requests with a year), over
    those without a year and over all."""
    year = _with_year(requests)
    return {
        name: round(float(per_request[year].mean()), 4),
        f"{name}_without_year": round(float(per_request[~year].mean()), 4) if (~year).any() else None,
        f"{name}_all_requests": round(float(per_request.mean()), 4),
    }


def _recall(results: pd.DataFrame, requests: pd.DataFrame, registry: pd.DataFrame) -> dict:
    person = dict(zip(registry["id"], registry["person_id"], strict=True))
    sought = dict(zip(requests["id"], requests["person_id"], strict=True))
    top = results[results["rank"] <= TOP]
    found = {
        request
        for request, record in zip(top["request_id"], top["record_id"], strict=True)
        if person.get(record) == sought[request]
    }
    hits = requests["id"].isin(found).to_numpy().astype(float)
    return _by_population(hits, requests, "top10_recall")


def _latency(seconds: list[float]) -> dict[str, float]:
    if not seconds:  # --cold 0
        return {"requests_timed": 0}
    ms = np.array(seconds) * 1000
    return {
        "requests_timed": len(ms),
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "max_ms": round(float(ms.max()), 1),
    }


def _separable_ceiling(index, requests: pd.DataFrame, registry: pd.DataFrame) -> dict:
    """How well any sensible engine could do on these requests, generously estimated.

    For each request, take the sought person's record that suits it best and compare every
    other record holding the same canonical names (only the names the request gives, in either
    order; the engine is generously told which spelling the registry used) field by field on
    what the request gives: the birth-year distance (closer is better; an exact year beats an
    unknown one), and sex, place, father's and mother's names (agreeing beats blank beats
    disagreeing). A record at least as good on every field and better on one ranks above the
    sought person in any engine that rewards agreement; one equal on every field is a tie.
    With B people above and T tied, the sought person is in the top 10 at best with
    probability (10 - B) / (T + 1), clipped to [0, 1]. People neither better nor worse
    (better on one field, worse on another) are left out: the estimate stays an upper bound.
    """
    from engines.linkage.index import request_from_record
    from engines.linkage.records import check_records

    person = registry["person_id"].to_numpy()
    rows_of = pd.Series(np.arange(len(registry))).groupby(person).agg(list).to_dict()
    checked = check_records(requests.drop(columns=["person_id"]).astype(str))
    expected, ambiguous = [], []
    for record, sought in zip(checked.to_dict("records"), requests["person_id"], strict=True):
        asked = request_from_record(record)
        best: tuple[float, int] | None = None
        for r in rows_of[sought]:
            chance, at_least_as_good = _ceiling_for(index, asked, r, person, sought)
            if best is None or chance > best[0]:
                best = (chance, at_least_as_good)
        assert best is not None
        expected.append(best[0])
        ambiguous.append(best[1] >= TOP)
    return {
        **_by_population(np.array(expected), requests, "top10_recall_ceiling"),
        **_by_population(np.array(ambiguous, dtype=float), requests,
                         "share_of_requests_with_10_or_more_people_at_least_as_good"),
    }


def _ceiling_for(index, asked, r: int, person: np.ndarray, sought: str) -> tuple[float, int]:
    """(best chance of the sought record r in the top 10, people at least as good as it)."""
    g, f = int(index.given[r]), int(index.family[r])
    parts = index._holding("given", np.array([g, f])) + index._holding("family", np.array([g, f]))
    pool = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int32)
    given, family = index.given[pool], index.family[pool]
    if asked.given and asked.family:
        same = ((given == g) & (family == f)) | ((given == f) & (family == g))
    elif asked.given or asked.family:  # one name: the sought record's, found in either column
        name = g if asked.given else f
        same = (given == name) | (family == name)
    else:
        same = np.ones(len(pool), dtype=bool)
    pool = pool[same & (pool != r)]
    # Per field, which of the pool are surely closer to the request than the sought record,
    # and which surely further.
    better = np.zeros(len(pool), dtype=bool)
    worse = np.zeros(len(pool), dtype=bool)
    if asked.year:
        mine = abs(int(index.year[r]) - asked.year) if index.year[r] > 0 else None
        years = index.year[pool].astype(int)
        theirs = np.where(years > 0, np.abs(years - asked.year), -1)
        if mine is None:  # unknown: only an exact year is surely better, none surely worse
            better |= theirs == 0
        else:
            known = theirs >= 0
            better |= known & (theirs < mine)
            worse |= known & (theirs > mine)
            worse |= ~known & (mine == 0)
    for wanted, column, lookup in (
        (asked.sex, index.sex, {"m": 1, "f": 2}),
        (asked.place, index.place, index.places.lookup),
        (asked.father, index.father, index.names.lookup),
        (asked.mother, index.mother, index.names.lookup),
    ):
        if not wanted:
            continue
        # The value the request means: the sought record's own when it has one (the engine is
        # told the spelling), else the request's.
        target = int(column[r]) if column[r] > 0 else lookup.get(wanted, -1)
        values = column[pool]
        rank = np.where(values == 0, 1, np.where(values == target, 2, 0))
        mine = 1 if column[r] == 0 else 2
        better |= rank > mine
        worse |= rank < mine
    above = set(person[pool[better & ~worse]].tolist()) - {sought}
    tied = set(person[pool[~better & ~worse]].tolist()) - {sought} - above
    chance = float(np.clip((TOP - len(above)) / (len(tied) + 1), 0.0, 1.0))
    return chance, len(above) + len(tied)


def run_ours(registry_path: str, requests_path: str, cold: int) -> dict:
    from engines.linkage import api
    from engines.linkage.features import build_features
    from engines.linkage.index import SearchIndex, table_reading, with_spellings
    from engines.linkage.records import check_records

    registry = pd.read_parquet(registry_path)
    requests = pd.read_parquet(requests_path)
    records = registry.drop(columns=["person_id", "household_id"])
    asked = requests.drop(columns=["person_id"]).astype(str)
    start = time.perf_counter()
    checked = check_records(records)
    index = SearchIndex(with_spellings(build_features(checked), checked))
    del checked
    load = time.perf_counter() - start
    rss_loaded = _peak_mb()
    parts, seconds = [], []
    for i in range(len(asked)):
        one = asked.iloc[i : i + 1]
        tick = time.perf_counter()
        parts.append(api.search(index, one, top=TOP))
        seconds.append(time.perf_counter() - tick)
    results = pd.concat(parts, ignore_index=True)
    # The same requests again with the name-comparison cache emptied before each: the cost of
    # a request whose names nobody asked about before.
    cold_seconds = []
    for i in range(min(cold, len(asked))):
        for vocabulary in (index.names, index.places):
            vocabulary._cache.clear()
        table_reading.cache_clear()
        tick = time.perf_counter()
        api.search(index, asked.iloc[i : i + 1], top=TOP)
        cold_seconds.append(time.perf_counter() - tick)
    return {
        **_recall(results, requests, registry),
        **_latency(seconds),
        "cold_cache": _latency(cold_seconds),
        **_separable_ceiling(index, requests, registry),
        "load_seconds": round(load, 1),
        "peak_rss_mb_after_load": rss_loaded,
        "peak_rss_mb": _peak_mb(),
    }


def _baseline_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The tutorial's light cleaning: lower case, blanks as nulls, the birth year as text."""

    def clean(column: str) -> pd.Series:
        values = frame[column].fillna("").astype(str).str.strip().str.lower()
        # A text type even when all blank (one request): DuckDB would guess INTEGER.
        return values.where(values != "", None).astype("string")

    year = frame["birth_date"].fillna("").astype(str).str[:4]
    return pd.DataFrame(
        {
            "unique_id": frame["id"].astype(str),
            "first_name": clean("given_name"),
            "surname": clean("family_name"),
            "father_name": clean("father_name"),
            "birth_year": year.where(year != "", None).astype("string"),
            "city": clean("birth_place"),
        }
    )


def run_baseline(registry_path: str, requests_path: str, timed: int) -> dict:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.disable(logging.WARNING)  # Splink reports every training step at INFO
    registry = pd.read_parquet(registry_path)
    requests = pd.read_parquet(requests_path)
    left, right = _baseline_frame(registry), _baseline_frame(requests)
    start = time.perf_counter()
    import duckdb

    connection = duckdb.connect()
    # The machine is shared: DuckDB spills to disk rather than take more than this.
    connection.execute(f"SET memory_limit='{BASELINE_MEMORY}'")
    connection.execute("SET threads=2")
    spill = WORK / "duckdb-tmp"
    spill.mkdir(parents=True, exist_ok=True)
    connection.execute(f"SET temp_directory='{spill}'")

    def step(what: str) -> None:
        print(f"  baseline {what}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    db = DuckDBAPI(connection)
    rules = [
        block_on("first_name", "surname"),
        block_on("surname", "birth_year"),
        block_on("first_name", "birth_year"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.NameComparison("father_name"),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_matching_columns=False,
    )
    registry_table = db.register(left)
    linker = Linker(registry_table, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "birth_year")], recall=0.7
    )
    step("prior estimated")
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    step("u estimated")
    # The tutorial's EM blocks are (first_name, surname) and dob. With only a birth year, a block
    # on the year alone is billions of pairs at 1M; these three are as cheap and together
    # estimate every comparison.
    for block in (
        block_on("surname", "birth_year"),
        block_on("first_name", "city", "birth_year"),
        block_on("first_name", "surname", "father_name"),
    ):
        # Sampled to 5M pairs: unsampled, the first block alone is tens of millions of pairs at
        # 1M records and spills gigabytes to disk.
        linker.training.estimate_parameters_using_expectation_maximisation(block, max_pairs=5e6)
        step("EM session done")
    for column in ("first_name", "surname", "city"):
        linker.table_management.compute_tf_table(column)
    load = time.perf_counter() - start
    step("loaded")
    rss_loaded = _peak_mb()

    def best(scored: pd.DataFrame) -> pd.DataFrame:
        # Either side may hold the request: keep (request, record) whichever way round.
        is_request_right = scored["unique_id_r"].isin(set(right["unique_id"]))
        request = np.where(is_request_right, scored["unique_id_r"], scored["unique_id_l"])
        record = np.where(is_request_right, scored["unique_id_l"], scored["unique_id_r"])
        out = pd.DataFrame(
            {"request_id": request, "record_id": record, "weight": scored["match_weight"]}
        ).sort_values(["request_id", "weight"], ascending=[True, False])
        out["rank"] = out.groupby("request_id").cumcount() + 1
        return out[out["rank"] <= TOP]

    tick = time.perf_counter()
    requests_table = db.register(right)
    scored = linker.inference.predict_between(registry_table, requests_table).as_pandas_dataframe()
    batch = time.perf_counter() - tick
    step("all requests scored")
    results = best(scored)
    seconds = []
    for i in range(min(timed, len(right))):
        tick = time.perf_counter()
        one = db.register(right.iloc[i : i + 1])
        best(linker.inference.predict_between(registry_table, one).as_pandas_dataframe())
        seconds.append(time.perf_counter() - tick)
        step(f"single request {i + 1} in {seconds[-1]:.2f} s")
    return {
        **_recall(results, requests, registry),
        **_latency(seconds),
        "batch_seconds_all_requests": round(batch, 1),
        "load_seconds": round(load, 1),
        "peak_rss_mb_after_load": rss_loaded,
        "peak_rss_mb": _peak_mb(),
    }


def _in_process(func, *args) -> dict:
    """Run one side in a fresh process: its peak memory is then its own."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(func, *args).result()


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def _registry_of_at_least(size: int, seed: int) -> pd.DataFrame:
    """A generated registry holding at least `size` records: the generator's count varies by a
    few hundred around the size asked for (who is registered twice is drawn at random)."""
    from engines.linkage.generator import generate_registry

    asked = size
    while len(registry := generate_registry(asked, seed=seed)) < size:
        asked += size - len(registry) + 100
    return registry


def main(argv: list[str]) -> int:
    from engines.linkage.generator import enquiry_requests

    parser = argparse.ArgumentParser(prog="bench_tracing")
    parser.add_argument("--size", type=int, default=FLOORS["size"], help="registry size")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=23, help="registry seed")
    parser.add_argument("--baseline-timed", type=int, default=30,
                        help="single-request baseline calls timed (each scans the registry)")
    parser.add_argument("--cold", type=int, default=200,
                        help="requests timed again with the name-comparison cache emptied")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--only", choices=("ours", "baseline"),
                        help="run one side and print its figures (no results file written)")
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    registry_path = WORK / f"registry_{args.size}_{args.seed}.parquet"
    if not registry_path.exists() or len(pd.read_parquet(registry_path, columns=["id"])) < args.size:
        _registry_of_at_least(args.size, args.seed).to_parquet(registry_path)
    registry = pd.read_parquet(registry_path)
    requests = enquiry_requests(registry, args.requests, seed=args.seed + 1)
    requests_path = WORK / f"requests_{args.size}_{args.seed}_{args.requests}.parquet"
    requests.to_parquet(requests_path)
    del registry
    figures: dict = {
        "records": None,
        "requests": len(requests),
        "requests_with_a_birth_year": int(_with_year(requests).sum()),
        "requests_with": {
            column: round(float((requests[column] != "").mean()), 3)
            for column in ("given_name", "family_name", "birth_date", "birth_place",
                           "father_name", "mother_name", "sex")
        },
        "uptime_before": _uptime(),
    }
    figures["records"] = len(pd.read_parquet(registry_path, columns=["id"]))
    if args.only == "baseline":
        print("baseline", run_baseline(str(registry_path), str(requests_path), args.baseline_timed))
        return 0
    if args.only == "ours":
        print("ours", run_ours(str(registry_path), str(requests_path), args.cold))
        return 0
    figures["ours"] = _in_process(run_ours, str(registry_path), str(requests_path), args.cold)
    print("ours", figures["ours"], flush=True)
    figures["uptime_after_ours"] = _uptime()
    if not args.skip_baseline:
        figures["baseline"] = _in_process(
            run_baseline, str(registry_path), str(requests_path), args.baseline_timed
        )
        print("baseline", figures["baseline"], flush=True)
        figures["uptime_after_baseline"] = _uptime()
    figures["floors"] = FLOORS
    ours = figures["ours"]
    passed = (
        figures["records"] >= FLOORS["size"]
        and ours["top10_recall"] >= FLOORS["top10_recall"]
        and ours["p95_ms"] <= FLOORS["p95_ms"]
    )
    command = (
        "python -m bench.bench_tracing " + " ".join(argv) if argv else "python -m bench.run tracing"
    )
    write_result("tracing", figures=figures, command=command, passed=bool(passed))
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
