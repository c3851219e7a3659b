"""The voluntary contributions API: a contribution from pledge to payment with an advance repaid
as its first charge, idempotent writes, decimal strings, refusals naming the field, scopes."""

from __future__ import annotations

from decimal import Decimal

from conftest import make_user, verified_client
from corridor.access.roles import Role
from corridor.finance.models import Allocation, EmergencyAdvance, Receipt
from corridor.finance.services import emergency
from corridor.finance.tests.conftest import days_ago, record_rate

JSON = "application/json"


def _post(client, url, body, **headers):
    return client.post(url, body, content_type=JSON, **headers)


def test_pledge_to_payment_with_a_first_charge_through_the_api(officer, emergency_operation,
                                                                usd_project):
    client = verified_client(officer)
    pledged, signed, paid = days_ago(30), days_ago(20), days_ago(2)
    for day in (pledged, signed, paid):
        record_rate(officer, "EUR", "USD", day, "1.0850")
    emergency.capital_record(actor=officer, amount=Decimal("1000000.00"), booked_on=days_ago(90),
                             description="Reserve")
    answer = _post(client, "/api/v1/finance/donors", {"name": "Netherlands",
                                                      "kind": "government", "iso3": "NL"})
    assert answer.status_code == 422 and answer.json()["problems"][0]["field"] == "iso3"
    donor = _post(client, "/api/v1/finance/donors", {"name": "Netherlands",
                                                     "kind": "government", "iso3": "NLD"}).json()
    body = {"donor_id": donor["id"], "reference": "NLD-EVAC", "earmarking": 3,
            "amount": "500000.00", "currency": "EUR", "pledged_on": pledged.isoformat(),
            "operation_id": emergency_operation.pk}
    bad = _post(client, "/api/v1/finance/contributions", {**body, "currency": "EUX"})
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "currency"
    pledge = _post(client, "/api/v1/finance/contributions", body,
                   HTTP_IDEMPOTENCY_KEY="nld-1").json()
    again = _post(client, "/api/v1/finance/contributions", body,
                  HTTP_IDEMPOTENCY_KEY="nld-1").json()
    assert pledge == again and pledge["status"] == "pledged" and pledge["funding"] == "0.00"
    assert pledge["pledged_base"] == "542500.00" and pledge["project_id"] == usd_project.pk
    advance = {"operation_id": emergency_operation.pk, "amount": "200000.00",
               "advanced_on": pledged.isoformat(), "reason": "Airlift",
               "pledge_ids": [pledge["id"]]}
    over = _post(client, "/api/v1/finance/emergency/advances", {**advance, "amount": "600000.00"})
    assert over.status_code == 422 and over.json()["problems"][0]["field"] == "amount"
    made = _post(client, "/api/v1/finance/emergency/advances", advance,
                 HTTP_IDEMPOTENCY_KEY="adv-1")
    _post(client, "/api/v1/finance/emergency/advances", advance, HTTP_IDEMPOTENCY_KEY="adv-1")
    assert made.status_code == 201 and EmergencyAdvance.objects.count() == 1
    agreement = _post(client, f"/api/v1/finance/donors/{donor['id']}/agreements",
                      {"reference": "NLD-A-9", "title": "Evacuation",
                       "signed_on": signed.isoformat()}).json()
    committed = _post(client, f"/api/v1/finance/contributions/{pledge['id']}/commitment",
                      {"agreement_id": agreement["id"], "committed_on": signed.isoformat()})
    assert committed.json()["status"] == "committed"
    url = f"/api/v1/finance/contributions/{pledge['id']}/receipts"
    money = {"received_on": paid.isoformat(), "amount": "500000.00", "currency": "EUR"}
    first = _post(client, url, money, HTTP_IDEMPOTENCY_KEY="bank-77")
    second = _post(client, url, money, HTTP_IDEMPOTENCY_KEY="bank-77")
    assert first.status_code == second.status_code == 201 and Receipt.objects.count() == 1
    assert first.json() == second.json()
    assert first.json()["repaid_to_emergency_fund"] == [
        {"advance_id": made.json()["id"], "amount": "200000.00"}]
    position = client.get("/api/v1/finance/emergency/position", {"on": paid.isoformat()}).json()
    assert position["advanced"] == "0.00" and position["cash"] == "1000000.00"
    funding = client.get(f"/api/v1/finance/projects/{usd_project.pk}/funding",
                         {"on": paid.isoformat()}).json()
    assert funding["received"] == "542500.00"
    assert {x["kind"] for x in funding["sources"]} == {"contribution", "advance"}
    report = client.get(f"/api/v1/finance/donors/{donor['id']}/report",
                        {"on": paid.isoformat()}).json()
    assert report["reconciled"] and report["lines"][0]["contribution"]["status"] == "paid"


def test_allocations_and_appeals_through_the_api(officer, usd_project):
    client = verified_client(officer)
    day = days_ago(5)
    donor = _post(client, "/api/v1/finance/donors", {"name": "Private donors",
                                                     "kind": "private"}).json()
    c = _post(client, "/api/v1/finance/contributions", {
        "donor_id": donor["id"], "reference": "PRV-1", "earmarking": 1, "amount": "1000.00",
        "currency": "USD", "pledged_on": day.isoformat()}).json()
    agreement = _post(client, f"/api/v1/finance/donors/{donor['id']}/agreements",
                      {"reference": "PRV-A", "title": "Core", "signed_on": day.isoformat()}).json()
    _post(client, f"/api/v1/finance/contributions/{c['id']}/commitment",
          {"agreement_id": agreement["id"], "committed_on": day.isoformat()})
    _post(client, f"/api/v1/finance/contributions/{c['id']}/receipts",
          {"received_on": day.isoformat(), "amount": "1000.00", "currency": "USD"})
    url = f"/api/v1/finance/contributions/{c['id']}/allocations"
    body = {"project_id": usd_project.pk, "amount": "1000.01", "decided_on": day.isoformat(),
            "reason": "Start-up"}
    assert _post(client, url, body).json()["problems"][0]["field"] == "amount"
    assert _post(client, url, {**body, "project_id": 99999}).json()["problems"][0]["field"] == \
        "project_id"
    made = _post(client, url, {**body, "amount": "600.00"}, HTTP_IDEMPOTENCY_KEY="al-1")
    assert made.status_code == 201 and made.json()["decided_by"] == officer.username
    back = _post(client, f"/api/v1/finance/allocations/{made.json()['id']}/reversal",
                 {"reason": "Cancelled", "decided_on": day.isoformat()})
    assert back.json()["amount"] == "-600.00" and Allocation.objects.count() == 2
    appeal = _post(client, "/api/v1/finance/appeals", {
        "code": "FA-1", "title": "Flash appeal", "year": day.year,
        "launched_on": day.isoformat()}).json()
    answer = _post(client, f"/api/v1/finance/appeals/{appeal['id']}/requirements",
                   {"sector": "shelter", "amount": "5000.00"})
    assert answer.status_code == 201 and answer.json()["total"]["required"] == "5000.00"
    assert answer.json()["total"]["coverage"] == "0.0"
    bad = _post(client, f"/api/v1/finance/appeals/{appeal['id']}/requirements",
                {"sector": "space", "amount": "5000.00"})
    assert bad.json()["problems"][0]["field"] == "sector"


def test_the_api_needs_the_finance_role(org):
    other = verified_client(make_user("caseworker_y", Role.CASE_WORKER, org.country_a))
    assert other.get("/api/v1/finance/donors").status_code == 403
    assert _post(other, "/api/v1/finance/donors", {"name": "X", "kind": "private"}
                 ).status_code == 403
