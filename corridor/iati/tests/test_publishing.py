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


def test_incoming_funds_plug_in_as_type_1_with_earmarking(published, monkeypatch) -> None:
    from corridor.iati import funding

    avrr = published.projects["AVRR"]
    received = published.today - dt.timedelta(days=10)

    def incoming(project_ids, *, today):
        return {avrr.pk: [funding.IncomingFund(
            project_id=avrr.pk, received_on=received, amount=D("250000.00"), currency="USD",
            donor=funding.Donor(name="Donor government", ref="XM-DAC-7", type="10"),
            earmarking="3", reference="R1")]}

    monkeypatch.setattr(funding, "incoming_funds", incoming)
    data = fetch("/public/iati/activities.xml")[0]
    assert validate(data, today=published.today) == []
    activity = activities(data)[selectors.identifier_of(avrr.code)]
    (fund,) = [t for t in activity.transactions if t.type == "1"]
    assert fund.value == D("250000.00") and fund.provider.ref == "XM-DAC-7"
    assert [(a.code, a.vocabulary) for a in fund.aid_types] == [("3", "2")]
    assert activity.participating_orgs[0].role == "1"


def test_a_reporting_org_type_outside_the_codelist_fails_the_system_check(settings) -> None:
    from corridor.iati.checks import iati_reporting_org

    assert iati_reporting_org(None) == []
    settings.IATI_ORG_TYPE = "99"
    (error,) = iati_reporting_org(None)
    assert error.id == "iati.E001" and "'99'" in error.msg
