"""The public face: no sign-in, adopted decisions and results as counts, never a secret
ballot's single votes nor a representative's name; the Atom feed of decisions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from corridor.finance.models import MemberState
from corridor.governance import agendas, elections, services
from corridor.governance.members import representative_add
from corridor.governance.tests.test_votes import members, secretary, session  # noqa: F401

pytestmark = pytest.mark.django_db


def test_decisions_and_results_are_public_without_their_secrets(secretary, session):  # noqa: F811
    agendas.document_add(actor=secretary, symbol="MC/1868", title="Open memorandum",
                         issued_on=timezone.localdate(), languages=["en", "fr"],
                         distribution="general", session=session)
    agendas.document_add(actor=secretary, symbol="MC/R/1", title="Restricted note",
                         issued_on=timezone.localdate(), languages=["en"],
                         distribution="restricted", session=session)
    services.vote_take(actor=secretary, session=session, title="Adopt the programme",
                       decision_kind="ordinary", choices={"AUT": "yes", "BEL": "yes"},
                       documents=["MC/1868", "MC/R/1"])
    representative_add(actor=secretary, session=session,
                       member=MemberState.objects.get(iso3="AUT"), name="Dr Secretname",
                       role="head")
    election = elections.election_open(actor=secretary, session=session,
                                       office="director_general", candidates=["Ana", "Ben"])
    for member, choice in {"AUT": "Ana", "BEL": "Ana", "CHE": "Ben"}.items():
        elections.ballot_cast(actor=secretary, election=election, member=member, choice=choice)
    elections.round_close(actor=secretary, election=election)
    anonymous = Client()
    listing = anonymous.get(reverse("governance_public:decisions"))
    assert listing.status_code == 200 and "Adopt the programme" in listing.content.decode()
    page = anonymous.get(reverse("governance_public:session", args=[session.pk])).content.decode()
    assert "MC/1868" in page and "Open memorandum" in page
    assert "MC/R/1" not in page and "Restricted note" not in page
    assert "Ana 2" in page and "Elected: Ana" in page
    assert "Secretname" not in page and "receipt" not in page.lower()
    feed = anonymous.get("/public/feeds/decisions.atom")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Decision 1: Adopt the programme" in body and "MC/1868" in body
    assert "MC/R/1" not in body and "Decision 2: Director General: Ana" in body
    assert anonymous.get(reverse("governance_public:session", args=[999999])).status_code == 404
