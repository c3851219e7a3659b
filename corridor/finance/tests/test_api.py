"""The finance API: the same services, the project's problem shape, permissions first."""

from __future__ import annotations

from conftest import make_user, verified_client
from corridor.access.roles import Role
from corridor.finance.models import Payment, Transaction
from corridor.finance.tests.test_contributions import UN_SCALE

JSON = "application/json"


def _post(client, url, body, **headers):
    return client.post(url, body, content_type=JSON, **headers)


def test_a_year_from_budget_to_payment_through_the_api(officer, admin_fund, chart, rates_1996):
    client = verified_client(officer)
    for iso3, name in (("DEU", "Germany"), ("FRA", "France")):
        assert _post(client, "/api/v1/finance/members", {"iso3": iso3, "name": name}
                     ).status_code == 201
    assert _post(client, "/api/v1/finance/budgets",
                 {"year": 1996, "amount": "1000000.00", "adopted": "1995-11-30"}
                 ).status_code == 201
    answer = client.post("/api/v1/finance/years/1996/scale",
                         {"file": _upload(UN_SCALE), "decimals": "2"})
    assert answer.status_code == 201, answer.json()
    assert answer.json()["scale"] == {"DEU": "58.54", "FRA": "41.46"}
    answer = _post(client, "/api/v1/finance/years/1996/assessments", {"booked_on": "1996-01-01"})
    assert [a["amount"] for a in answer.json()["assessments"]] == ["414600.00", "585400.00"]
    germany = next(m for m in client.get("/api/v1/finance/members").json()
                   if m["iso3"] == "DEU")
    url = f"/api/v1/finance/members/{germany['id']}/payments"
    body = {"received_on": "1996-03-04", "amount": "100000.00", "currency": "DEM"}
    first = _post(client, url, body, HTTP_IDEMPOTENCY_KEY="bank-1996-17")
    again = _post(client, url, body, HTTP_IDEMPOTENCY_KEY="bank-1996-17")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and Payment.objects.count() == 1
    assert first.json()["base_amount"] == "81230.00"
    statement = client.get(f"/api/v1/finance/members/{germany['id']}/statement",
                           {"since": "1996-01-01", "until": "1996-12-31"}).json()
    assert statement["closing"] == "504170.00"
    assert statement["lines"][1]["paid"] == "100000.00 DEM"
    voting = client.get(f"/api/v1/finance/members/{germany['id']}/voting-rights",
                        {"on": "1996-03-04"}).json()
    assert voting["suspended"] is False
    balances = client.get(f"/api/v1/finance/funds/{admin_fund.pk}/balances",
                          {"on": "1996-12-31"}).json()
    assert balances[0]["base"] == "0.00"
    bank = next(b for b in balances if b["account_code"] == "1000")
    entries = client.get(f"/api/v1/finance/funds/{admin_fund.pk}/entries",
                         {"on": "1996-12-31", "account_id": bank["account_id"]}).json()
    assert [e["amount"] for e in entries["items"]] == ["100000.00"]
    txn = first.json()["transaction_id"]
    reversal = _post(client, f"/api/v1/finance/transactions/{txn}/reversal",
                     {"reason": "Cheque returned"})
    assert reversal.status_code == 201 and reversal.json()["reverses_id"] == txn
    assert client.get(f"/api/v1/finance/transactions/{txn}").json()["reversed_by_id"] == \
        reversal.json()["id"]


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("un_scale.csv", data, content_type="text/csv")


def test_refusals_have_the_one_problem_shape_and_write_nothing(officer, admin_fund, chart):
    client = verified_client(officer)
    answer = _post(client, "/api/v1/finance/transactions", {
        "booked_on": "1996-03-04", "description": "x", "postings": [
            {"fund_id": admin_fund.pk, "account_id": chart["1000"].pk, "currency": "DEM",
             "amount": "10.00"},
            {"fund_id": admin_fund.pk, "account_id": chart["4000"].pk, "currency": "DEM",
             "amount": "-10.00"}]})
    assert answer.status_code == 422
    fields = {p["field"] for p in answer.json()["problems"]}
    assert fields == {"postings.0.currency", "postings.1.currency"}
    answer = _post(client, "/api/v1/finance/transactions", {
        "booked_on": "1996-03-04", "description": "x", "postings": [
            {"fund_id": admin_fund.pk, "account_id": chart["1000"].pk, "currency": "CHF",
             "amount": 10.5}]})
    assert answer.status_code == 422  # a JSON number is refused: amounts are decimal strings
    assert not Transaction.objects.exists()


def test_the_api_asks_for_the_finance_role_first(org):
    worker = make_user("worker", Role.CASE_WORKER, org.country_a)
    client = verified_client(worker)
    assert client.get("/api/v1/finance/funds").status_code == 403
    assert _post(client, "/api/v1/finance/transactions", {"nonsense": 1}).status_code == 403
