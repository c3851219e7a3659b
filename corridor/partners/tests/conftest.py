"""The partners' cast: an agency with one user (a partner viewer of country_a), a privacy notice
naming it, and people of country_a with every kind of consent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from corridor.partners import services, services_sharing
from corridor.partners.models import AgreementKind, AgreementStatus, Partner
from corridor.registry import services as registry
from corridor.registry.services import ConsentInput

SHARED, NOTICE_ONLY, NEVER = "given_name", "family_name", "phones"
VALUES = {SHARED: "Zelindra", NOTICE_ONLY: "Quorvath", NEVER: "+962791234567"}


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def agency(db) -> Partner:
    return services.partner_create(actor=None, name="Refugee Agency", acronym="RA",
                                   kind="un_agency", mandate="Protection of refugees")


@pytest.fixture
def other_agency(db) -> Partner:
    return services.partner_create(actor=None, name="Children's Fund", acronym="CF",
                                   kind="un_agency")


@pytest.fixture
def viewer(cast, agency, org):
    user = cast["partner_viewer"]
    services_sharing.member_add(actor=cast["hq_admin"], partner=agency, user=user)
    return user


@pytest.fixture
def notice(cast, agency, other_agency):
    return services_sharing.notice_create(
        actor=cast["hq_admin"], code="PN-SHARE", title="Sharing with partners",
        purposes=["referral", "protection"], fields=[SHARED, NOTICE_ONLY, "sex"],
        partners=[agency, other_agency])


def register(cast, org, *, consent: str, agency, other_agency, notice, name=None):
    """A person of country_a; `consent`: given, withdrawn, none, other_partner."""
    consents = []
    if consent in ("given", "withdrawn"):
        consents.append(ConsentInput("sharing", True, today() - dt.timedelta(days=10),
                                     agency.pk, notice.pk))
    if consent == "withdrawn":
        consents.append(ConsentInput("sharing", False, today() - dt.timedelta(days=1),
                                     agency.pk, notice.pk))
    if consent == "other_partner":
        consents.append(ConsentInput("sharing", True, today() - dt.timedelta(days=10),
                                     other_agency.pk, notice.pk))
    return registry.person_register(
        actor=cast["case_worker"], office=org.country_a, given_name=name or VALUES[SHARED],
        family_name=VALUES[NOTICE_ONLY], category="refugee", sex="female",
        phones=[VALUES[NEVER]], consents=consents)


def make_agreement(cast, org, agency, notice, viewer, *, state: str = "in_force",
                   fields=(SHARED, "sex"), reference="DSA-1"):
    day = today()
    start, end = day - dt.timedelta(days=30), day + dt.timedelta(days=30)
    if state == "expired":
        end = day - dt.timedelta(days=1)
    agreement = services_sharing.agreement_create(
        actor=cast["hq_admin"], partner=agency, kind=AgreementKind.DATA_SHARING,
        reference=reference, title="Referrals in Jordan", purpose="referral",
        legal_basis="Memorandum of understanding, art. 4", notice=notice, fields=list(fields),
        offices=[org.country_a], users=[viewer], start=start, end=end)
    if state in ("in_force", "expired", "revoked"):
        agreement = services_sharing.agreement_transition(
            actor=cast["hq_admin"], agreement=agreement, status=AgreementStatus.IN_FORCE,
            expected_version=agreement.version)
    if state == "revoked":
        agreement = services_sharing.agreement_transition(
            actor=cast["hq_admin"], agreement=agreement, status=AgreementStatus.REVOKED,
            reason="Ended by the partner", expected_version=agreement.version)
    return agreement
