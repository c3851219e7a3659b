"""Seedable synthetic data: flow counts with weekly and seasonal patterns and an injected surge,
anonymous surveys and assessment rounds. Used by the tests and the benchmarks.

Everything is drawn from one `numpy.random.Generator` seeded by the caller, so a seed always
gives the same tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from engines.flowstats.gazetteer import Gazetteer

NATIONALITIES = (
    "AFG",
    "IRN",
    "PAK",
    "SDN",
    "SSD",
    "ETH",
    "ERI",
    "SOM",
    "SYR",
    "YEM",
    "NGA",
    "MLI",
    "NER",
    "TCD",
    "COD",
)
SEX_WEIGHTS = {"female": 0.44, "male": 0.54, "unknown": 0.02}
AGE_WEIGHTS = {"0-4": 0.09, "5-17": 0.23, "18-59": 0.58, "60+": 0.07, "unknown": 0.03}
MODES = ("foot", "bus", "car", "truck", "boat", "train", "air", "other")
REASONS = (
    "economic",
    "conflict",
    "family",
    "seasonal",
    "education",
    "health",
    "natural_disaster",
    "other",
)
# Monday..Sunday: markets and buses make the middle of the week busiest.
WEEKDAY_FACTOR = np.array([1.0, 1.1, 1.15, 1.1, 1.2, 0.8, 0.65])


@dataclass(frozen=True)
class Surge:
    """Multiply one point's flow by `factor` for `days` days from `start`."""

    point: str
    start: dt.date
    days: int = 5
    factor: float = 6.0


def admin_areas(
    countries: tuple[str, ...] = ("SD", "TD", "SS"), admin1: int = 4, admin2: int = 3
) -> list[str]:
    """Admin-2 P-codes: country prefix, two digits of admin-1, two of admin-2 (SD0102)."""
    return [
        f"{country}{a1:02d}{a2:02d}"
        for country in countries
        for a1 in range(1, admin1 + 1)
        for a2 in range(1, admin2 + 1)
    ]


def gazetteer() -> Gazetteer:
    areas = admin_areas()
    parents = {a[:4] for a in areas}
    return Gazetteer.of([*areas, *parents])


def points(count: int) -> list[str]:
    return [f"FMP{i:03d}" for i in range(1, count + 1)]


def _categorical(rng: np.random.Generator, weights: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Draw one category per row from the weights of the row's owner (e.g. its point)."""
    drawn = np.empty(owner.shape[0], dtype=np.int16)
    for who in range(weights.shape[0]):
        rows = np.flatnonzero(owner == who)
        p = weights[who] / weights[who].sum()
        drawn[rows] = rng.choice(len(p), size=rows.shape[0], p=p)
    return drawn


def generate_flow_counts(
    *,
    seed: int,
    start: dt.date = dt.date(2024, 1, 1),
    days: int = 365,
    point_count: int = 6,
    cells_per_day: int = 40,
    surge: Surge | None = None,
    rows: int | None = None,
) -> pa.Table:
    """Daily flow counts, one row per distinct (date, point, direction, ..., destination).

    Each point has its own mix of nationalities, modes, reasons and areas (Dirichlet draws), a
    base volume, a weekly rhythm and a yearly season. `rows`, when given, trims the result to
    exactly that many rows (drawing a little more first so duplicates do not fall short).
    """
    rng = np.random.default_rng(seed)
    point_names = points(point_count)
    areas = admin_areas()
    point_days = point_count * days
    per_day = cells_per_day
    if rows is not None:
        per_day = int(np.ceil(rows * 1.35 / point_days))
    base = rng.uniform(50, 400, point_count)
    phase = rng.uniform(0, 2 * np.pi, point_count)
    day_index = np.arange(days)
    dates = np.datetime64(start, "D") + day_index
    weekday = (day_index + start.weekday()) % 7
    season = 1 + 0.35 * np.sin(2 * np.pi * day_index[None, :] / 365.25 + phase[:, None])
    volume = base[:, None] * WEEKDAY_FACTOR[weekday][None, :] * season  # people per point-day
    if surge is not None:
        p = point_names.index(surge.point)
        first = (surge.start - start).days
        volume[p, max(first, 0) : max(first + surge.days, 0)] *= surge.factor

    n = point_days * per_day
    point = np.repeat(np.arange(point_count), days * per_day).astype(np.int16)
    day = np.tile(np.repeat(day_index, per_day), point_count).astype(np.int32)

    def mix(size: int, concentration: float) -> np.ndarray:
        return rng.dirichlet(np.full(size, concentration), point_count)

    nationality = _categorical(rng, mix(len(NATIONALITIES), 0.4), point)
    direction = (rng.random(n) < 0.45).astype(np.int16)  # 1 = out
    sex = _categorical(rng, np.tile(list(SEX_WEIGHTS.values()), (point_count, 1)), point)
    age = _categorical(rng, np.tile(list(AGE_WEIGHTS.values()), (point_count, 1)), point)
    mode = _categorical(rng, mix(len(MODES), 0.6), point)
    reason = _categorical(rng, mix(len(REASONS), 0.6), point)
    origin = _categorical(rng, mix(len(areas), 0.3), point)
    destination = _categorical(rng, mix(len(areas), 0.3), point)
    # Each cell takes a share of its point-day's volume; heavy-tailed, so many cells are small.
    share = rng.exponential(1.0, n)
    # The mean per cell does not depend on how many cells are drawn: more cells, busier border.
    count = rng.poisson(volume[point, day] * share / 40 * 1.6)

    # Collapse duplicate keys (a mixed-radix number per row) by summing their counts.
    key = day.astype(np.int64)
    for values, size in (
        (point, point_count),
        (direction, 2),
        (nationality, len(NATIONALITIES)),
        (sex, 3),
        (age, 5),
        (mode, len(MODES)),
        (reason, len(REASONS)),
        (origin, len(areas)),
        (destination, len(areas)),
    ):
        key = key * size + values
    _, first_index, inverse = np.unique(key, return_index=True, return_inverse=True)
    total = np.bincount(inverse, weights=count).astype(np.int64)
    # A cell nobody crossed in is not a row of a monitoring sheet.
    keep, total = first_index[total > 0], total[total > 0]
    if rows is not None and len(keep) > rows:
        chosen = np.sort(rng.choice(len(keep), rows, replace=False))
        keep, total = keep[chosen], total[chosen]
    order = np.lexsort((point[keep], day[keep]))
    keep, total = keep[order], total[order]

    def labels(names: list[str] | tuple[str, ...], codes: np.ndarray) -> pa.Array:
        dictionary = pa.DictionaryArray.from_arrays(
            pa.array(codes[keep].astype(np.int32)), pa.array(list(names))
        )
        return dictionary.cast(pa.string())

    return pa.table(
        {
            "date": pa.array(dates[day[keep]]).cast(pa.date32()),
            "point": labels(point_names, point),
            "direction": labels(["in", "out"], direction),
            "nationality": labels(NATIONALITIES, nationality),
            "sex": labels(list(SEX_WEIGHTS), sex),
            "age_group": labels(list(AGE_WEIGHTS), age),
            "mode": labels(MODES, mode),
            "reason": labels(REASONS, reason),
            "origin": labels(areas, origin),
            "destination": labels(areas, destination),
            "count": pa.array(total, pa.int64()),
        }
    )


def generate_surveys(
    *, seed: int, rows: int = 500, start: dt.date = dt.date(2024, 1, 1), days: int = 90, point_count: int = 4
) -> pa.Table:
    """Anonymous flow surveys, all with consent (tests add the bad rows they need)."""
    rng = np.random.default_rng(seed)
    areas = admin_areas()
    day = rng.integers(0, days, rows)
    pick = lambda options: [options[i] for i in rng.integers(0, len(options), rows)]  # noqa: E731
    return pa.table(
        {
            "survey_id": [f"S{seed:03d}-{i:06d}" for i in range(rows)],
            "date": pa.array([start + dt.timedelta(days=int(d)) for d in day], pa.date32()),
            "point": pick(points(point_count)),
            "direction": pick(["in", "out"]),
            "nationality": pick(NATIONALITIES[:6]),
            "sex": pick(["female", "male"]),
            "age_group": pick(["5-17", "18-59", "18-59", "60+"]),
            "mode": pick(MODES[:4]),
            "reason": pick(REASONS[:4]),
            "origin": pick(areas),
            "destination": pick(areas),
            "consent": ["yes"] * rows,
        }
    )


def generate_assessments(
    *, seed: int, rounds: int = 3, start: dt.date = dt.date(2024, 1, 15), sites_per_area: int = 2
) -> list[pa.Table]:
    """One table per round: baseline rows per admin area and site rows per site.

    Populations per area drift between rounds (displacement grows in some areas and returns
    in others); some cells are small on purpose so that suppression has work to do.
    """
    rng = np.random.default_rng(seed)
    areas = admin_areas()[:8]
    origins = admin_areas()[8:16]
    reasons = ("conflict", "natural_disaster", "economic")
    population = {
        (area, kind): rng.lognormal(5.5 if kind == "idp" else 4.0, 1.4)
        for area in areas
        for kind in ("idp", "returnee", "migrant")
    }
    tables = []
    for round_number in range(1, rounds + 1):
        date = start + dt.timedelta(days=90 * (round_number - 1))
        rows: dict[str, list] = {
            k: []
            for k in (
                "round",
                "assessment_type",
                "date",
                "admin_pcode",
                "site_id",
                "population_type",
                "origin_pcode",
                "reason",
                "period",
                "sex",
                "age_group",
                "individuals",
                "households",
            )
        }

        def add(
            kind: str,
            area: str,
            site: str | None,
            population_type: str,
            origin: str,
            reason: str,
            sex: str,
            individuals: int,
            *,
            round_number: int = round_number,
            date: dt.date = date,
            rows: dict[str, list] = rows,
        ) -> None:
            for name, value in (
                ("round", round_number),
                ("assessment_type", kind),
                ("date", date),
                ("admin_pcode", area),
                ("site_id", site),
                ("population_type", population_type),
                ("origin_pcode", origin),
                ("reason", reason),
                ("period", f"{date.year - 1}"),
                ("sex", sex),
                ("age_group", "unknown"),
                ("individuals", individuals),
                ("households", max(1, individuals // 5)),
            ):
                rows[name].append(value)

        for (area, population_type), size in population.items():
            drifted = size * rng.lognormal(0.0, 0.25)
            population[(area, population_type)] = drifted
            split = rng.dirichlet(np.ones(4))
            for origin, reason, share in zip(origins[:4], reasons * 2, split, strict=False):
                for sex, sex_share in (("female", 0.52), ("male", 0.48)):
                    individuals = int(rng.poisson(drifted * share * sex_share))
                    if individuals > 0:
                        add("baseline", area, None, population_type, origin, reason, sex, individuals)
            if population_type == "idp":
                for s in range(1, sites_per_area + 1):
                    individuals = int(rng.poisson(drifted * 0.2))
                    if individuals > 0:
                        add(
                            "site",
                            area,
                            f"{area}-S{s}",
                            "idp",
                            origins[0],
                            "conflict",
                            "unknown",
                            individuals,
                        )
        tables.append(
            pa.table(
                {
                    **{k: v for k, v in rows.items() if k not in ("date", "round")},
                    "round": pa.array(rows["round"], pa.int32()),
                    "date": pa.array(rows["date"], pa.date32()),
                }
            )
        )
    return tables
