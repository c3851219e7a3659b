"""Exchange profiles (a partner's codes for Corridor's fields, versioned, used by its exports as
JSON, CSV and HXL) and joint operations (3W, shared indicators, targets, progress)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.partners import operations, services
from corridor.partners.tests.conftest import SHARED, VALUES, make_agreement, register, today

MAPPING = {"given_name": {"column": "first_name", "hxl": "#beneficiary+name+first"},
           "sex": {"column": "gender", "values": {"female": "F", "male": "M"}}}


@pytest.fixture
def shared(cast, org, agency, other_agency, notice, viewer):
    register(cast, org, consent="given", agency=agency, other_agency=other_agency, notice=notice)
    return make_agreement(cast, org, agency, notice, viewer)


def test_a_bad_mapping_is_refused_naming_the_field(cast, agency):
    with pytest.raises(ValidationFailed) as refused:
        services.profile_create(actor=cast["hq_admin"], partner=agency,
                                mapping={"salary": {"column": "x"}, "sex": {"hxl": "gender"}})
    assert {p["field"] for p in refused.value.problems} == {"mapping.salary", "mapping.sex"}


@pytest.mark.parametrize("fmt", ["json", "csv", "hxl"])
def test_exports_use_the_profile_in_force(fmt, cast, agency, shared, viewer, client_for):
    services.profile_create(actor=cast["hq_admin"], partner=agency,
                            mapping={"given_name": {"column": "old"}})
    services.profile_create(actor=cast["hq_admin"], partner=agency, mapping=MAPPING)
    path = {"json": "export.json", "csv": "export.csv", "hxl": "export-hxl.csv"}[fmt]
    body = client_for(viewer).get(f"/partners/shared/{shared.pk}/{path}").content
    if fmt == "json":
        data = json.loads(body)
        assert data["profile_version"] == 2
        assert data["records"] == [{"first_name": VALUES[SHARED], "gender": "F"}]
        return
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["first_name", "gender"]
    if fmt == "hxl":
        assert rows[1] == ["#beneficiary+name+first", "#beneficiary+sex"]
        assert not body.startswith(b"\xef\xbb\xbf")
    assert rows[-1] == [VALUES[SHARED], "F"]


def test_joint_operation_targets_and_progress(cast, org, agency, other_agency, viewer):
    admin = cast["hq_admin"]
    operation = operations.operation_create(
        actor=admin, code="JO-RET", title="Return and reintegration", office=org.country_a,
        partners=[agency], start=today(), end=today() + dt.timedelta(days=90))
    operations.activity_add(actor=admin, operation=operation, partner=agency,
                            activity="Reception", place="Amman", pcode="JO11")
    with pytest.raises(ValidationFailed):
        operations.activity_add(actor=admin, operation=operation, partner=other_agency,
                                activity="Shelter", place="Zarqa")
    indicator = operations.indicator_add(actor=admin, operation=operation, code="RET",
                                         name="People returned", unit="people")
    with pytest.raises(ValidationFailed):
        operations.target_set(actor=admin, indicator=indicator, partner=agency, period="Dec",
                              target=Decimal("10"))
    target = operations.target_set(actor=admin, indicator=indicator, partner=agency,
                                   period="2026-Q4", target=Decimal("200"))
    operations.progress_report(actor=viewer, target=target, value=Decimal("30"),
                               reported_on=today())
    operations.progress_report(actor=admin, target=target, value=Decimal("20"),
                               reported_on=today())
    with pytest.raises(PermissionDenied):
        operations.progress_report(actor=cast["case_worker"], target=target, value=Decimal("1"),
                                   reported_on=today())
    [row] = operations.operation_progress(operation)
    assert (row.reached, row.share) == (Decimal("50.00"), Decimal("25"))
