"""The demo's partnerships: the Red Cross's user in Amman (partner.redcross) sees, under a
data-sharing agreement in force from a month ago for eleven months, the agreed fields of the
Amman people who consented to share with it under the privacy notice; an exchange profile; and
a joint operation on return and reintegration with targets and progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from corridor.access.models import Office, User
from corridor.partners import operations, services, services_sharing
from corridor.partners.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    JointOperation,
    Partner,
    PrivacyNotice,
)
from corridor.registry.models import Consent, ConsentPurpose, Person

AGREED = ["given_name", "family_name", "sex", "birth_year"]
CONSENTING = 6  # the first Amman people (by id) consent to sharing with the Red Cross


def demo_partners_load() -> int:
    icrc = Partner.objects.filter(acronym="ICRC").first()
    unhcr = Partner.objects.filter(acronym="UNHCR").first()
    amman = Office.objects.filter(code="CO-JOR").first()
    viewer = User.objects.filter(username="partner.redcross").first()
    if icrc is None or amman is None or viewer is None or Agreement.objects.exists():
        return 0
    today = timezone.localdate()
    services_sharing.member_add(actor=None, partner=icrc, user=viewer)
    services_sharing.contact_add(actor=None, partner=icrc, name="Delegation in Amman",
                                 role="Central Tracing Agency", email="amman@icrc.invalid")
    services_sharing.office_add(actor=None, partner=icrc, name="Amman delegation",
                                country="JOR", office=amman)
    notice = PrivacyNotice.objects.filter(code="PN-ICRC").first() or services_sharing.notice_create(
        actor=None, code="PN-ICRC", title="Sharing with the Red Cross for family tracing",
        purposes=["family_tracing", "referral"],
        fields=[*AGREED, "nationality", "phones"], partners=[icrc],
        text="Your name, sex, year of birth, nationality and phone may be given to the ICRC to "
             "trace your family or refer you to its services.")
    people = list(Person.objects.filter(office=amman, merged_into__isnull=True)
                  .order_by("pk")[:CONSENTING])
    for person in people:
        Consent.objects.create(person=person, purpose=ConsentPurpose.SHARING, partner=icrc,
                               notice=notice, given=True,
                               recorded_on=today - dt.timedelta(days=20))
    agreement = services_sharing.agreement_create(
        actor=None, partner=icrc, kind=AgreementKind.DATA_SHARING, reference="DSA-ICRC-JOR-1",
        title="Family tracing in Jordan", purpose="family_tracing",
        legal_basis="Memorandum of understanding of 1996, article 4; the person's consent",
        notice=notice, fields=AGREED, offices=[amman], users=[viewer],
        start=today - dt.timedelta(days=30), end=today + dt.timedelta(days=305))
    services_sharing.agreement_transition(actor=None, agreement=agreement,
                                          status=AgreementStatus.IN_FORCE,
                                          expected_version=agreement.version)
    services.profile_create(actor=None, partner=icrc, note="CTA family-links sheet", mapping={
        "given_name": {"column": "FirstName", "hxl": "#beneficiary+name+first"},
        "family_name": {"column": "LastName", "hxl": "#beneficiary+name+last"},
        "sex": {"column": "Gender", "values": {"female": "F", "male": "M", "unknown": "U"}},
        "birth_year": {"column": "YOB"}})
    if unhcr is not None and not JointOperation.objects.exists():
        operation = operations.operation_create(
            actor=None, code="JO-JOR-RET", title="Return and reintegration of refugees",
            office=amman, partners=[unhcr, icrc], start=today - dt.timedelta(days=60),
            end=today + dt.timedelta(days=300))
        operations.activity_add(actor=None, operation=operation, partner=unhcr,
                                activity="Voluntary repatriation counselling", place="Zaatari")
        operations.activity_add(actor=None, operation=operation, partner=icrc,
                                activity="Family tracing", place="Amman")
        indicator = operations.indicator_add(actor=None, operation=operation, code="RET",
                                             name="People returned in safety", unit="people")
        period = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
        for partner, goal, done in ((unhcr, "400", "120"), (icrc, "150", "45")):
            target = operations.target_set(actor=None, indicator=indicator, partner=partner,
                                           period=period, target=Decimal(goal))
            operations.progress_report(actor=None, target=target, value=Decimal(done),
                                       reported_on=today)
    return len(people)
