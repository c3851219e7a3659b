"""Fixtures of the flows tests: a store file per test, the demo gazetteer, points per office."""

from __future__ import annotations

import pytest

from conftest import make_user
from corridor.access.roles import Role
from corridor.flows import services
from corridor.flows.models import MonitoringPoint, PointKind
from corridor.flows.store import close_store
from corridor.geo.demo import gazetteer_demo_load
from corridor.geo.models import AdminArea


@pytest.fixture(autouse=True)
def flow_store_file(settings, tmp_path):
    settings.FLOWS_STORE = tmp_path / "flows.duckdb"
    yield settings.FLOWS_STORE
    close_store()


@pytest.fixture
def gazetteer(db):
    gazetteer_demo_load()
    return {a.pcode: a for a in AdminArea.objects.all()}


@pytest.fixture
def points(org, gazetteer) -> dict[str, MonitoringPoint]:
    """Two points of country_a (Jordan), one of country_b (Ukraine)."""
    def point(code, office, pcode):
        area = gazetteer[pcode]
        return services.point_create(actor=None, office=office, code=code, name=f"Point {code}",
                                     kind=PointKind.BORDER_CROSSING, admin_area=area,
                                     latitude=area.latitude, longitude=area.longitude)

    return {"a1": point("JO-P1", org.country_a, "JO22"), "a2": point("JO-P2", org.country_a, "JO21"),
            "b1": point("UA-P1", org.country_b, "UA46")}


@pytest.fixture
def analyst_b(org):
    return make_user("analyst_b", Role.DATA_ANALYST, org.country_b)


@pytest.fixture
def reviewer(org):
    """A second analyst of country_a: publishes what the cast's analyst imports."""
    return make_user("analyst_reviewer_a", Role.DATA_ANALYST, org.country_a)
