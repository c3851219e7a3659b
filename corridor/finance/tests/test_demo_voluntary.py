"""The demo's voluntary contributions: Norway's earmarked contribution from pledge to payment
in two currencies, an emergency advance repaid as a first charge, a pledge never counted."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from corridor.access.demo import demo_organisation_load
from corridor.access.models import Office
from corridor.cases.tests.conftest import make_project
from corridor.finance.demo import demo_voluntary_load
from corridor.finance.models import Appeal, Contribution, Reimbursement
from corridor.finance.selectors import appeals, emergency, voluntary
from corridor.finance.selectors.projects import project_funding


def test_the_demo_takes_a_contribution_from_pledge_to_payment_and_repays_an_advance(db,
                                                                                    settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_organisation_load()
    office = Office.objects.get(code="CO-JOR")
    avrr = make_project(office, code="CO-JOR-AVRR", budget="450000.00")
    make_project(office, code="CO-JOR-MIDEV", budget="180000.00", currency="EUR")
    assert demo_voluntary_load() == 5
    assert demo_voluntary_load() == 0
    today = timezone.localdate()
    norway = Contribution.objects.get(reference="NOR-AVRR-2026")
    assert {r.currency_id for r in norway.receipts.all()} == {"NOK", "EUR"}
    assert voluntary.figures(norway, today).status == "partly_paid"
    assert Reimbursement.objects.get().amount == Decimal("400000.00")
    assert emergency.position_at(today).advanced == 0
    hilton = Contribution.objects.get(reference="HILTON-2026")
    assert voluntary.figures(hilton, today).funding == 0
    appeal = appeals.summary(Appeal.objects.get(), today)
    assert appeal.total.pledged == Decimal("150000.00")  # shown, not in the coverage
    assert appeal.total.funding == Decimal("1000000.00")
    funding = project_funding(avrr, today)
    assert {s.kind for s in funding.sources} == {"contribution", "allocation", "advance"}
