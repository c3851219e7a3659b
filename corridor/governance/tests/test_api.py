"""The governance API: the same services and refusals as the pages, permissions first."""

from __future__ import annotations

import pytest

from conftest import make_user, verified_client
from corridor.access.roles import Role
from corridor.governance.models import Ballot, BallotCast, SecretBallot, Term, Vote
from corridor.governance.tests.test_votes import members, secretary, session  # noqa: F401

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_vote_and_an_election_through_the_api(secretary, session):  # noqa: F811
    client = verified_client(secretary)
    base = f"/api/v1/governance/sessions/{session.pk}"
    standing = client.get(f"{base}/standing").json()
    assert standing["quorum"] and "GRC" in standing["suspended"]
    # A ballot of an absent member and one of a non-member: refused whole, nothing written.
    refused = client.post(f"{base}/votes", {"title": "Adopt", "ballots": {
        "AUT": "yes", "ITA": "yes", "XXX": "no"}}, content_type=JSON)
    assert refused.status_code == 422 and len(refused.json()["problems"]) == 2
    assert not Vote.objects.exists() and not Ballot.objects.exists()
    answer = client.post(f"{base}/votes", {"title": "Adopt", "ballots": {
        "AUT": "yes", "BEL": "yes", "CHE": "no", "GRC": "no"}}, content_type=JSON)
    assert answer.status_code == 201, answer.content
    vote = answer.json()
    assert vote["result"]["adopted"] and vote["decision"] == 1
    assert vote["result"]["excluded"][0]["member"] == "GRC"
    election = client.post(f"{base}/elections", {"office": "director_general",
                                                 "candidates": ["Ana", "Ben"]},
                           content_type=JSON).json()
    url = f"/api/v1/governance/elections/{election['id']}"
    receipt = client.post(f"{url}/ballots", {"member": "AUT", "choice": "Ana"},
                          content_type=JSON)
    assert receipt.status_code == 201 and len(receipt.json()["receipt"]) == 10
    again = client.post(f"{url}/ballots", {"member": "AUT", "choice": "Ben"}, content_type=JSON)
    assert again.status_code == 422 and BallotCast.objects.count() == SecretBallot.objects.count() == 1
    for member in ("BEL", "CHE"):
        client.post(f"{url}/ballots", {"member": member, "choice": "Ana"}, content_type=JSON)
    counted = client.post(f"{url}/count").json()
    assert counted["elected"] == "Ana" and "Ana" not in str(counted["voted_this_round"])
    assert Term.objects.get().person == "Ana"
    decisions = client.get("/api/v1/governance/decisions", {"session_id": session.pk}).json()
    assert [d["number"] for d in decisions] == [1, 2]
    held = client.get("/api/v1/governance/memberships", {"on": session.opens_on.isoformat()}).json()
    assert len(held["council"]) == 6
    assert client.get("/api/v1/governance/documents/MC/404").status_code == 404


def test_a_role_without_governance_is_refused(org):
    clerk = verified_client(make_user("clerk", Role.CASE_WORKER, org.hq))
    assert clerk.get("/api/v1/governance/sessions").status_code == 403
    assert clerk.post("/api/v1/governance/sessions", {}, content_type=JSON).status_code == 403
