"""The public IATI files: anonymous, streamed, valid, and built from what Corridor holds."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.test import Client

from corridor.iati import selectors
from corridor.iati.sectors import CATEGORY_SECTORS
from engines.iati import iter_activities, one_year_after, validate

pytestmark = pytest.mark.django_db


def fetch(path: str) -> tuple[bytes, object]:
    response = Client().get(path)
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content), response


def activities(data: bytes) -> dict:
    return {a.identifier: a for a, _line in iter_activities(io.BytesIO(data))}


def test_the_activity_file_is_public_valid_and_cacheable(published, settings) -> None:
    data, response = fetch("/public/iati/activities.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Cache-Control"] == f"public, max-age={settings.IATI_CACHE_SECONDS}"
    assert "Content-Security-Policy" in response
    assert validate(data, today=published.today) == []
    assert set(activities(data)) == {f"{settings.IATI_ORG_REF}-{p.code}"
                                     for p in published.projects.values()}


def test_a_signed_in_reader_gets_the_same_cacheable_file(published, cast, client_for) -> None:
    response = client_for(cast["case_worker"]).get("/public/iati/activities.xml")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")


def test_the_organisation_file_is_public_and_valid(published, settings) -> None:
    data, response = fetch("/public/iati/organisation.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert validate(data, today=published.today) == []
    assert f"<organisation-identifier>{settings.IATI_ORG_REF}<".encode() in data
    assert b"<total-budget" in data and b"<total-expenditure" in data


def test_nothing_personal_is_published(published) -> None:
    data, _response = fetch("/public/iati/activities.xml")
    text = data.decode()
    for value in published.person_names + published.case_references:
        assert value not in text


def test_only_get_and_head_are_answered(published) -> None:
    assert Client().post("/public/iati/activities.xml").status_code == 405
    head = Client().head("/public/iati/organisation.xml")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == "application/xml; charset=utf-8"


def test_budgets_are_yearly_periods_that_sum_to_the_project_budget(published) -> None:
    by_id = activities(fetch("/public/iati/activities.xml")[0])
    for project in published.projects.values():
        activity = by_id[selectors.identifier_of(project.code)]
        assert sum(b.value for b in activity.budgets) == project.budget
        assert activity.budgets[0].period_start == project.start
        assert activity.budgets[-1].period_end == project.end
        assert all(b.period_end <= one_year_after(b.period_start) for b in activity.budgets)
        assert all(b.currency == project.currency for b in activity.budgets)
    assert len(by_id[selectors.identifier_of("CA-AVRR")].budgets) == 3


def test_status_country_region_and_sectors_follow_the_project(published) -> None:
    by_id = activities(fetch("/public/iati/activities.xml")[0])
    get = lambda key: by_id[selectors.identifier_of(published.projects[key].code)]  # noqa: E731
    assert [get(k).status for k in ("AVRR", "MIDEV", "CAP", "INFO", "OLD")] == [
        "2", "2", "1", "4", "3"]
    assert [c.code for c in get("AVRR").recipient_countries] == ["JO"]
    assert [c.code for c in get("MIDEV").recipient_countries] == ["JO"]  # a sub-office's country
    assert [r.code for r in get("CAP").recipient_regions] == ["998"]
    assert get("AVRR").sectors == CATEGORY_SECTORS["humanitarian"]
    assert get("AVRR").humanitarian is True and get("INFO").humanitarian is False
    assert {d.type for d in get("INFO").dates} == {"1", "2", "3", "4"}
    assert {d.type for d in get("CAP").dates} == {"1", "3"}


def test_transactions_aggregate_assistance_and_fares_per_month(published) -> None:
    by_id = activities(fetch("/public/iati/activities.xml")[0])
    for key in ("AVRR", "MIDEV", "INFO"):
        activity = by_id[selectors.identifier_of(published.projects[key].code)]
        spent = [t for t in activity.transactions if t.type == "4" and "-E-" in t.ref]
        assert sum(t.value for t in spent) == published.delivered[key]
        assert len({t.ref for t in spent}) == len(spent)
        assert all(t.date <= published.today and t.value_date == t.date for t in spent)
        committed = [t for t in activity.transactions if t.type == "2"]
        # Delivered items stay committed at their planned cost; the cancelled one is gone.
        assert sum(t.value for t in committed) == published.delivered_planned(key) + D("800.00")
    avrr = by_id[selectors.identifier_of("CA-AVRR")]
    fares = [t for t in avrr.transactions if "-F-" in t.ref]
    assert sum(t.value for t in fares) == published.fares
    assert all(t.currency == "USD" for t in avrr.transactions)
    assert by_id[selectors.identifier_of("SA-MIDEV")].transactions[0].currency == "EUR"
    assert by_id[selectors.identifier_of("HQ-CAP")].transactions == ()


def test_the_file_is_streamed_in_several_chunks(published, monkeypatch) -> None:
    from engines.iati import writer

    monkeypatch.setattr(writer, "CHUNK_BYTES", 1024)
    response = Client().get("/public/iati/activities.xml")
    assert len(list(response.streaming_content)) > 3


def test_the_export_takes_a_constant_number_of_queries(published, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        list(selectors.published_activities(today=published.today))


def test_money_received_is_published_as_type_1_with_its_earmarking(published, org) -> None:
    """A donor's contribution earmarked to a project, pledged, signed and paid through the
    finance services: the payment is an incoming fund of the activity; the pledge is not."""
    from conftest import make_user
    from corridor.access.roles import Role
    from corridor.finance.services import voluntary

    officer = make_user("finance_iati", Role.FINANCE_OFFICER, org.hq)
    avrr = published.projects["AVRR"]
    pledged = published.today - dt.timedelta(days=30)
    received = published.today - dt.timedelta(days=10)
    donor = voluntary.donor_create(actor=officer, name="Donor government", kind="government",
                                   iso3="NOR", iati_ref="XM-DAC-8")
    contribution = voluntary.contribution_pledge(
        actor=officer, donor=donor, reference="NOR-IATI-1", earmarking=3,
        amount=D("300000.00"), currency=avrr.currency, pledged_on=pledged, project=avrr)
    data = fetch("/public/iati/activities.xml")[0]
    activity = activities(data)[selectors.identifier_of(avrr.code)]
    assert [t for t in activity.transactions if t.type == "1"] == []  # a pledge is not money
    agreement = voluntary.agreement_create(actor=officer, donor=donor, reference="NOR-AGR-1",
                                           title="AVRR", signed_on=pledged)
    voluntary.contribution_commit(actor=officer, contribution=contribution, agreement=agreement,
                                  committed_on=pledged)
    voluntary.receipt_record(actor=officer, contribution=contribution, received_on=received,
                             amount=D("250000.00"), currency=avrr.currency)
    data = fetch("/public/iati/activities.xml")[0]
    assert validate(data, today=published.today) == []
    activity = activities(data)[selectors.identifier_of(avrr.code)]
    (fund,) = [t for t in activity.transactions if t.type == "1"]
    assert fund.value == D("250000.00") and fund.provider.ref == "XM-DAC-8"
    assert [(a.code, a.vocabulary) for a in fund.aid_types] == [("3", "2")]
    assert activity.participating_orgs[0].role == "1"


def test_a_reporting_org_type_outside_the_codelist_fails_the_system_check(settings) -> None:
    from corridor.iati.checks import iati_reporting_org

    assert iati_reporting_org(None) == []
    settings.IATI_ORG_TYPE = "99"
    (error,) = iati_reporting_org(None)
    assert error.id == "iati.E001" and "'99'" in error.msg


def test_the_activity_file_is_kept_for_its_cache_time_and_then_rebuilt(published, settings,
                                                                       tmp_path) -> None:
    import os

    settings.IATI_CACHE_SECONDS = 600
    settings.IATI_CACHE_DIR = tmp_path
    first, _response = fetch("/public/iati/activities.xml")
    kept = tmp_path / "activities.xml"
    assert kept.read_bytes() == first and not list(tmp_path.glob(".*.part"))
    project = next(iter(published.projects.values()))
    project.title = "Renamed while the file is kept"
    project.save()
    second, _response = fetch("/public/iati/activities.xml")
    assert second == first  # the kept file answers until it expires
    old = kept.stat().st_mtime - 601
    os.utime(kept, (old, old))
    third, _response = fetch("/public/iati/activities.xml")
    assert b"Renamed while the file is kept" in third and kept.read_bytes() == third


def test_a_build_cut_short_leaves_no_file(published, settings, tmp_path) -> None:
    settings.IATI_CACHE_SECONDS = 600
    settings.IATI_CACHE_DIR = tmp_path
    response = Client().get("/public/iati/activities.xml")
    stream = iter(response.streaming_content)
    next(stream)  # the reader takes the first chunk, then goes away
    response.close()
    assert not (tmp_path / "activities.xml").exists()
    assert not list(tmp_path.glob(".*.part"))
