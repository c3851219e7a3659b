"""Closing a case names what it leaves open and settles it only when told (issue 18 item 4)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from corridor.cases import services
from corridor.cases.models import Case, CaseEvent, EventKind
from corridor.cases.tests.conftest import move
from corridor.core.errors import ValidationFailed
from corridor.partners.selectors import project_money


@pytest.fixture
def open_work(case, worker, person, partner):
    item = services.assistance_plan(actor=worker, case=case, kind="transport",
                                    planned_cost=Decimal("400.00"))
    referral = services.referral_send(actor=worker, case=case, person=person, partner=partner,
                                      reason="Legal counselling")
    return item, referral


def test_closing_with_open_work_is_refused_naming_it_and_nothing_changes(case, worker, project,
                                                                        open_work):
    with pytest.raises(ValidationFailed) as refused:
        move(case, worker, "closed", reason="withdrawn")
    problem = refused.value.problems[0]
    assert problem["field"] == "open_work"
    assert "1 assistance item still planned" in problem["message"]
    assert "1 referral not yet completed" in problem["message"]
    case.refresh_from_db()
    item, referral = open_work
    item.refresh_from_db()
    referral.refresh_from_db()
    assert (case.state, item.status, referral.status) == ("open", "planned", "sent")
    assert project_money(project_id=project.pk).committed == Decimal("400.00")


def test_closing_with_cancel_releases_the_money_and_withdraws_the_referral(case, worker, project,
                                                                         open_work):
    move(case, worker, "closed", reason="withdrawn", open_work="cancel")
    item, referral = open_work
    item.refresh_from_db()
    referral.refresh_from_db()
    assert Case.objects.get(pk=case.pk).state == "closed"
    assert item.status == "cancelled" and "closed" in item.cancellation_reason
    assert referral.status == "withdrawn"
    assert project_money(project_id=project.pk).committed == Decimal("0.00")
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert EventKind.ASSISTANCE_CANCELLED in kinds and EventKind.REFERRAL_ANSWERED in kinds


def test_a_closed_case_takes_no_new_work(case, worker, person, partner):
    move(case, worker, "closed", reason="withdrawn")
    with pytest.raises(ValidationFailed):
        services.assistance_plan(actor=worker, case=case, kind="transport",
                                 planned_cost=Decimal("10.00"))
    with pytest.raises(ValidationFailed) as refused:
        services.referral_send(actor=worker, case=case, person=person, partner=partner,
                               reason="Late")
    assert refused.value.problems[0]["field"] == "case"


def test_the_close_page_lists_the_open_work_and_asks_what_to_do(case, worker, client_for,
                                                               open_work):
    client = client_for(worker)
    url = f"/cases/{case.pk}/move/closed/"
    page = client.get(url).content.decode()
    assert 'id="open-work"' in page and "Transport" in page and 'name="open_work"' in page
    refused = client.post(url, {"to": "closed", "reason": "withdrawn", "version": 1})
    assert refused.status_code == 422 and "still has open work" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).state == "open"
    done = client.post(url, {"to": "closed", "reason": "withdrawn", "version": 1,
                             "open_work": "on"})
    assert done.status_code == 302
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/assistance/new/" not in detail
    assert "Refer to a partner" not in detail


def test_the_api_closes_with_open_work_only_when_told(case, worker, client_for, open_work):
    client = client_for(worker)
    body = {"to": "closed", "reason": "withdrawn", "version": 1}
    refused = client.post(f"/api/v1/cases/{case.pk}/transitions", body,
                          content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "open_work"
    done = client.post(f"/api/v1/cases/{case.pk}/transitions", {**body, "open_work": "cancel"},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "closed"
