"""Small seeded data sets shared by the tests, and the store loaded with them."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from engines.flowstats import FlowStore, generator

START = dt.date(2025, 1, 1)
DAYS = 150
SURGE = generator.Surge("FMP002", dt.date(2025, 4, 10), days=3, factor=8.0)
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="session")
def counts() -> pa.Table:
    return generator.generate_flow_counts(
        seed=3, start=START, days=DAYS, point_count=4, cells_per_day=30, surge=SURGE
    )


@pytest.fixture(scope="session")
def count_rows(counts) -> list[dict]:
    return counts.to_pylist()


@pytest.fixture(scope="session")
def surveys() -> pa.Table:
    return generator.generate_surveys(seed=3, rows=400, start=START)


@pytest.fixture(scope="session")
def assessment_rounds() -> list[pa.Table]:
    return generator.generate_assessments(seed=3, rounds=3, start=START)


@pytest.fixture(scope="session")
def store(counts, surveys, assessment_rounds) -> FlowStore:
    """Read-only by convention: tests that write make their own store."""
    flows = FlowStore()
    gazetteer = generator.gazetteer()
    flows.load_counts(counts, gazetteer=gazetteer, today=TODAY)
    flows.load_surveys(surveys, gazetteer=gazetteer, today=TODAY)
    flows.load_assessments(*assessment_rounds, gazetteer=gazetteer, today=TODAY)
    yield flows
    flows.close()
