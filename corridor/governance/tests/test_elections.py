"""Electing the Director General by secret ballot over several rounds (issue 15, item 4): who
voted is kept apart from what was voted; a suspended member gets no ballot; the third round
eliminates the fewest; the ballots can be recounted; a receipt shows its ballot was counted."""

from __future__ import annotations

import pytest

from corridor.core.errors import ValidationFailed
from corridor.governance import elections
from corridor.governance.models import BallotCast, Decision, SecretBallot
from corridor.governance.tests.test_votes import members, secretary, session  # noqa: F401

pytestmark = pytest.mark.django_db
ROUNDS = [  # AUT BEL CHE DEU: two thirds of 4 votes cast is 3
    {"AUT": "Ana", "BEL": "Ben", "CHE": "Chloé", "DEU": "Ana"},
    {"AUT": "Ana", "BEL": "Ben", "CHE": "Chloé", "DEU": "Ben"},
    {"AUT": "Ana", "BEL": "Ben", "CHE": "Ben", "DEU": "Ana"},  # Chloé (none) eliminated after it
    {"AUT": "Ana", "BEL": "Ana", "CHE": "Ana", "DEU": "Ben"},
]


def test_a_director_general_elected_over_four_rounds(secretary, session):  # noqa: F811
    election = elections.election_open(actor=secretary, session=session,
                                       office="director_general",
                                       candidates=["Ana", "Ben", "Chloé"])
    assert election.majority == "two_thirds"
    receipts = []
    for ballots in ROUNDS:
        for member, choice in ballots.items():
            receipts.append(elections.ballot_cast(actor=secretary, election=election,
                                                  member=member, choice=choice))
        counted = elections.round_close(actor=secretary, election=election)
    rounds = counted.result["rounds"]
    assert [r["elected"] for r in rounds] == [None, None, None, "Ana"]
    assert rounds[2]["eliminated_after"] == "Chloé" and "Chloé" not in rounds[3]["counts"]
    assert counted.result["elected"] == "Ana"
    assert Decision.objects.get(election=election).title.endswith("Ana")
    # Who voted and what was voted share nothing but the round.
    assert {f.name for f in SecretBallot._meta.fields} == {
        "id", "election", "round", "choice", "receipt_hash"}
    assert BallotCast.objects.count() == SecretBallot.objects.count() == 16
    same, _again = elections.recount(election)
    assert same
    ballot = elections.receipt_counted(election, receipts[0])
    assert ballot is not None and ballot.round == 1
    assert elections.receipt_counted(election, "NOT-A-CODE") is None


def test_refusals_write_nothing(secretary, session):  # noqa: F811
    election = elections.election_open(actor=secretary, session=session,
                                       office="director_general", candidates=["Ana", "Ben"])
    with pytest.raises(ValidationFailed, match="recorded by the Council"):
        elections.ballot_cast(actor=secretary, election=election, member="GRC", choice="Ana")
    with pytest.raises(ValidationFailed, match="not present"):
        elections.ballot_cast(actor=secretary, election=election, member="ITA", choice="Ana")
    with pytest.raises(ValidationFailed, match="does not stand"):
        elections.ballot_cast(actor=secretary, election=election, member="AUT", choice="Zed")
    elections.ballot_cast(actor=secretary, election=election, member="AUT", choice="Ana")
    with pytest.raises(ValidationFailed, match="already voted"):
        elections.ballot_cast(actor=secretary, election=election, member="AUT", choice="Ben")
    assert BallotCast.objects.count() == SecretBallot.objects.count() == 1


def test_the_election_page_casts_counts_and_checks_a_receipt(secretary, session):  # noqa: F811
    import re

    from django.urls import reverse

    from conftest import verified_client

    client = verified_client(secretary)
    response = client.post(reverse("governance:election_open", args=[session.pk]),
                           {"office": "director_general", "candidates": "Ana\nBen"})
    assert response.status_code == 302
    url = response["Location"]
    page = client.get(url).content.decode()
    assert "State GRC (GRC): recorded by the Council: arrears" in page  # no ballot for it
    answer = client.post(url, {"step": "cast", "member": "AUT", "choice": "Ana"})
    receipt = re.search(r'<strong id="receipt">([0-9A-F]+)</strong>', answer.content.decode())
    assert receipt
    for member, choice in (("BEL", "Ana"), ("CHE", "Ana"), ("DEU", "Ben")):
        client.post(url, {"step": "cast", "member": member, "choice": choice})
    page = client.get(url).content.decode()
    assert "4 delegations have voted" in page and "Ana: " not in page  # nothing counted yet
    assert client.post(url, {"step": "count"}).status_code == 302
    page = client.get(url).content.decode()
    assert 'id="elected"' in page and "Elected: Ana" in page and "Ana: 3 · Ben: 1" in page
    checked = client.post(url, {"step": "receipt", "receipt": receipt.group(1)}).content.decode()
    assert "This ballot is in the count of round 1: Ana." in checked
    recount = client.post(url, {"step": "recount"}).content.decode()
    assert "The recount gives the same result." in recount


def test_the_attendance_list_and_results_as_pdf_in_french(secretary, session):  # noqa: F811
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    from conftest import verified_client
    from corridor.governance import services

    services.vote_take(actor=secretary, session=session, title="Budget 1997",
                       decision_kind="ordinary", choices={"AUT": "yes", "GRC": "no"})
    election = elections.election_open(actor=secretary, session=session,
                                       office="director_general", candidates=["Ana", "Ben"])
    for member in ("AUT", "BEL", "CHE"):
        elections.ballot_cast(actor=secretary, election=election, member=member, choice="Ana")
    elections.round_close(actor=secretary, election=election)
    response = verified_client(secretary).get(
        reverse("governance:session_pdf", args=[session.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Conseil" in text and "State AUT" in text and "Budget 1997" in text
    assert "Adoptée" in text and "Élu : Ana" in text
    assert "recorded by the Council: arrears" in text
