"""The finance officer's pages: a year from budget to a partial payment in Deutsche Mark, every
total linking to its entries, refusals shown on the form, and no page for other roles."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_user, verified_client
from corridor.access.roles import Role
from corridor.finance.models import MemberState, Payment, Transaction
from corridor.finance.tests.test_contributions import UN_SCALE


def test_a_year_assessed_and_paid_through_the_pages(officer, admin_fund, chart, rates_1996):
    client = verified_client(officer)
    for iso3, name in (("DEU", "Germany"), ("FRA", "France")):
        answer = client.post(reverse("finance:members"), {"iso3": iso3, "name": name})
        assert answer.status_code == 302
    answer = client.post(reverse("finance:years"), {"year": "1996", "amount": "1000000.00",
                                                    "adopted": "1995-11-30"})
    assert answer.status_code == 302
    url = reverse("finance:year", args=[1996])
    answer = client.post(url, {"step": "scale", "floor": "0", "ceiling": "100", "decimals": "2",
                               "un_scale": SimpleUploadedFile("un.csv", UN_SCALE)})
    assert answer.status_code == 302
    assert client.post(url, {"step": "assess", "booked_on": "1996-01-01"}).status_code == 302
    page = client.get(url).content.decode()
    assert "58.54" in page and "585,400.00" in page
    germany = MemberState.objects.get(iso3="DEU")
    member_url = reverse("finance:member", args=[germany.pk])
    answer = client.post(member_url, {"received_on": "1996-03-04", "amount": "100000.00",
                                      "currency": "DEM"})
    assert answer.status_code == 302
    page = client.get(member_url, {"since": "1996-01-01", "until": "1996-12-31"}).content.decode()
    assert "DEM 100,000.00" in page and "504,170.00" in page
    # The fund's balances drill down to their entries, and to the transaction.
    fund_page = client.get(reverse("finance:fund", args=[admin_fund.pk]), {"on": "1996-12-31"})
    entries_url = reverse("finance:entries", args=[admin_fund.pk, chart["1000"].pk])
    assert entries_url in fund_page.content.decode()
    payment = Payment.objects.get()
    entries = client.get(entries_url, {"on": "1996-12-31"}).content.decode()
    assert reverse("finance:transaction", args=[payment.transaction_id]) in entries
    answer = client.get(reverse("finance:arrears"), {"on": "1996-12-31"})
    assert "Germany" in answer.content.decode()


def test_the_pages_in_french_write_figures_the_french_way(officer, admin_fund, chart):
    client = verified_client(officer)
    client.post(reverse("finance:years"), {"year": "1996", "amount": "1000000.00",
                                           "adopted": "1995-11-30"})
    page = client.get(reverse("finance:years"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1\u202f000\u202f000,00" in page or "1 000 000,00" in page or "1\xa0000\xa0000,00" in page


def test_a_refused_payment_shows_why_and_writes_nothing(officer, admin_fund, chart):
    client = verified_client(officer)
    client.post(reverse("finance:members"), {"iso3": "DEU", "name": "Germany"})
    germany = MemberState.objects.get(iso3="DEU")
    answer = client.post(reverse("finance:member", args=[germany.pk]), {
        "received_on": "1996-03-04", "amount": "100.00", "currency": "DEM"})
    assert answer.status_code == 422
    assert "no DEM→CHF exchange rate is recorded for 1996-03-04" in answer.content.decode()
    assert not Transaction.objects.exists()


def test_a_transaction_is_reversed_from_its_page(officer, admin_fund, chart):
    from decimal import Decimal

    from corridor.finance.services.ledger import Line, transaction_post
    from corridor.finance.tests.conftest import DAY

    txn = transaction_post(actor=officer, booked_on=DAY, description="fees", lines=[
        Line(admin_fund, chart["1000"], "CHF", Decimal("50.00")),
        Line(admin_fund, chart["4000"], "CHF", Decimal("-50.00"))])
    client = verified_client(officer)
    answer = client.post(reverse("finance:transaction_reverse", args=[txn.pk]),
                         {"reason": "Duplicate"})
    assert answer.status_code == 302
    assert Transaction.objects.get(reverses=txn).reason == "Duplicate"
    assert "Reversed by" in client.get(reverse("finance:transaction", args=[txn.pk])
                                       ).content.decode()


def test_no_finance_page_for_other_roles(org):
    client = verified_client(make_user("worker", Role.CASE_WORKER, org.country_a))
    for name in ("finance:home", "finance:members", "finance:rates", "finance:arrears"):
        assert client.get(reverse(name)).status_code == 404


def test_a_journal_transaction_from_its_page(officer, admin_fund, chart):
    client = verified_client(officer)
    url = reverse("finance:journal")
    data = {"booked_on": "1996-03-04", "description": "Bank charges",
            "form-TOTAL_FORMS": "6", "form-INITIAL_FORMS": "0",
            "form-0-fund": admin_fund.pk, "form-0-account": chart["5000"].pk,
            "form-0-currency": "CHF", "form-0-amount": "12.50",
            "form-1-fund": admin_fund.pk, "form-1-account": chart["1000"].pk,
            "form-1-currency": "CHF", "form-1-amount": "-12.00"}
    answer = client.post(url, data)
    assert answer.status_code == 422 and "does not balance in CHF" in answer.content.decode()
    assert not Transaction.objects.exists()
    answer = client.post(url, {**data, "form-1-amount": "-12.50"})
    assert answer.status_code == 302
    assert Transaction.objects.get().postings.count() == 2
