"""The finance officer's pages of voluntary contributions, the emergency fund and appeals: a
donor's earmarked contribution from pledge to payment, an advance repaid as a first charge,
refusals shown on the form with nothing written, exports, and no page for other roles."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from conftest import make_user, verified_client
from corridor.access.roles import Role
from corridor.finance.models import Contribution, Donor, EmergencyAdvance, Receipt
from corridor.finance.services import appeals, emergency
from corridor.finance.tests.conftest import days_ago, record_rate


def test_a_contribution_from_pledge_to_payment_through_the_pages(officer, usd_project,
                                                                 emergency_operation):
    client = verified_client(officer)
    pledged, signed, paid = days_ago(30), days_ago(20), days_ago(2)
    for day in (pledged, signed, paid):
        record_rate(officer, "SEK", "USD", day, "0.0951")
    assert client.get(reverse("finance:home")).content.decode().count(
        reverse("finance:contributions")) == 1
    answer = client.post(reverse("finance:donors"), {"name": "Sweden", "kind": "government",
                                                     "iso3": "SWX"})
    assert answer.status_code == 422 and not Donor.objects.exists()  # SWX: not a country code
    answer = client.post(reverse("finance:donors"), {"name": "Sweden", "kind": "government",
                                                     "iso3": "SWE"})
    donor = Donor.objects.get()
    assert answer.status_code == 302
    emergency.capital_record(actor=officer, amount=Decimal("1000000.00"), booked_on=days_ago(90),
                             description="Reserve")
    answer = client.post(reverse("finance:contributions"), {
        "donor": donor.pk, "reference": "SWE-EVAC", "earmarking": "3", "amount": "2000000.00",
        "currency": "SEK", "pledged_on": pledged.isoformat(),
        "operation": emergency_operation.pk})
    assert answer.status_code == 302, answer.content.decode()
    contribution = Contribution.objects.get()
    url = reverse("finance:contribution", args=[contribution.pk])
    answer = client.post(reverse("finance:emergency"), {
        "step": "advance", "operation": emergency_operation.pk, "amount": "150000.00",
        "advanced_on": pledged.isoformat(), "reason": "Airlift", "pledges": [contribution.pk]})
    assert answer.status_code == 302 and EmergencyAdvance.objects.count() == 1
    answer = client.post(reverse("finance:emergency"), {
        "step": "advance", "operation": emergency_operation.pk, "amount": "600000.00",
        "advanced_on": pledged.isoformat(), "reason": "More"})
    assert answer.status_code == 422 and EmergencyAdvance.objects.count() == 1
    assert "cap of one advance" in answer.content.decode()
    client.post(reverse("finance:donor", args=[donor.pk]), {
        "reference": "SWE-AGR-1", "title": "Evacuation", "signed_on": signed.isoformat()})
    agreement = donor.agreements.get()
    assert client.post(url, {"step": "commit", "agreement": agreement.pk,
                             "committed_on": signed.isoformat()}).status_code == 302
    answer = client.post(url, {"step": "receipt", "received_on": paid.isoformat(),
                               "amount": "0", "currency": "SEK"})
    assert answer.status_code == 422 and not Receipt.objects.exists()
    answer = client.post(url, {"step": "receipt", "received_on": paid.isoformat(),
                               "amount": "2000000.00", "currency": "SEK"})
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "190,200.00" in page and "USD 150,000.00 repaid to the emergency fund" in page
    position = client.get(reverse("finance:emergency")).content.decode()
    assert "No advance outstanding." not in position  # repaid, still listed within the year
    report = client.get(reverse("finance:donor", args=[donor.pk])).content.decode()
    assert "Reconciled" in report
    project = client.get(reverse("finance:project", args=[usd_project.pk])).content.decode()
    assert "Emergency revolving fund" in project and "Sweden" in project
    assert "190,200.00" in client.get(reverse("finance:projects")).content.decode()


def test_an_appeal_page_and_its_exports(officer):
    appeal = appeals.appeal_create(actor=officer, code="HRP-SDN", title="Sudan", year=2026,
                                   launched_on=days_ago(10))
    appeals.requirement_add(actor=officer, appeal=appeal, sector="health",
                            amount=Decimal("500000.00"))
    client = verified_client(officer)
    page = client.get(reverse("finance:appeal", args=[appeal.pk])).content.decode()
    assert "500,000.00" in page and "This organisation" in page
    answer = client.get(reverse("finance:appeal_export", args=[appeal.pk, "csv"]))
    assert answer["Content-Type"].startswith("text/csv") and b"500000.00" in answer.content
    answer = client.get(reverse("finance:appeal_export", args=[appeal.pk, "xlsx"]))
    assert answer.status_code == 200 and answer.content[:2] == b"PK"
    assert client.get(reverse("finance:appeal_export", args=[appeal.pk, "pdf"])).status_code == 404
    answer = client.post(reverse("finance:appeal", args=[appeal.pk]), {
        "sector": "health", "amount": "1.00"})
    assert answer.status_code == 422
    client.cookies.load({"django_language": "fr"})
    page = client.get(reverse("finance:appeal", args=[appeal.pk]),
                      HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "500\u202f000,00" in page or "500 000,00" in page or "500\xa0000,00" in page


def test_no_voluntary_page_for_other_roles(org, officer):
    other = verified_client(make_user("caseworker_x", Role.CASE_WORKER, org.country_a))
    for name in ("finance:donors", "finance:contributions", "finance:projects",
                 "finance:emergency", "finance:appeals"):
        assert other.get(reverse(name)).status_code == 404


def test_unearmarked_money_allocated_and_taken_back_through_the_pages(officer, usd_project):
    from corridor.finance.models import Allocation
    from corridor.finance.services import voluntary

    day = days_ago(3)
    donor = voluntary.donor_create(actor=officer, name="Open Society", kind="private")
    core = voluntary.contribution_pledge(actor=officer, donor=donor, reference="OSF-CORE",
                                         earmarking=1, amount=Decimal("5000.00"),
                                         currency="USD", pledged_on=day)
    agreement = voluntary.agreement_create(actor=officer, donor=donor, reference="OSF-A",
                                           title="Core", signed_on=day)
    voluntary.contribution_commit(actor=officer, contribution=core, agreement=agreement,
                                  committed_on=day)
    voluntary.receipt_record(actor=officer, contribution=core, received_on=day,
                             amount=Decimal("5000.00"), currency="USD")
    client = verified_client(officer)
    url = reverse("finance:contribution", args=[core.pk])
    answer = client.post(url, {"step": "allocate", "project": usd_project.pk,
                               "amount": "5000.01", "decided_on": day.isoformat(),
                               "reason": "Returns"})
    assert answer.status_code == 422 and not Allocation.objects.exists()
    assert client.post(url, {"step": "allocate", "project": usd_project.pk, "amount": "3000.00",
                             "decided_on": day.isoformat(), "reason": "Returns"}
                       ).status_code == 302
    allocation = Allocation.objects.get()
    assert "Returns" in client.get(reverse("finance:project", args=[usd_project.pk])
                                   ).content.decode()
    answer = client.post(reverse("finance:allocation_reverse", args=[allocation.pk]),
                         {"reason": "Project suspended", "decided_on": day.isoformat()})
    assert answer.status_code == 302 and Allocation.objects.count() == 2
    assert sum(a.amount_minor for a in Allocation.objects.all()) == 0
