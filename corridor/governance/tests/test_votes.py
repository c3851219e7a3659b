"""The secretariat's roll-call votes (issue 15): the quorum shown before the vote, the result
decided by the engine from the session's rule set, a member whose vote is suspended excluded
with the reason shown, refusals that write nothing, adopted motions numbered as decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user, verified_client
from corridor.access.roles import Role
from corridor.core.errors import ValidationFailed
from corridor.finance.models import MemberState
from corridor.governance import services
from corridor.governance.models import Ballot, Decision, Vote

pytestmark = pytest.mark.django_db
CODES = ("AUT", "BEL", "CHE", "DEU", "GRC", "ITA")


@pytest.fixture
def secretary(org):
    return make_user("secretariat_hq", Role.GOVERNANCE_SECRETARIAT, org.hq)


@pytest.fixture
def members(db):
    return {code: MemberState.objects.create(iso3=code, name=f"State {code}") for code in CODES}


@pytest.fixture
def session(secretary, members):
    session = services.session_create(actor=secretary, organ="council", number=72,
                                       kind="regular", opens_on=timezone.localdate())
    services.attendance_set(actor=secretary, session=session,
                            present=[members[c] for c in ("AUT", "BEL", "CHE", "DEU", "GRC")])
    services.suspension_record(actor=secretary, member=members["GRC"],
                               since=timezone.localdate() - dt.timedelta(days=30),
                               reason="recorded by the Council: arrears")
    return session


def test_a_roll_call_excludes_a_suspended_member_with_the_reason(secretary, session):
    vote = services.vote_take(actor=secretary, session=session, title="Programme and budget",
                              decision_kind="ordinary",
                              choices={"AUT": "yes", "BEL": "yes", "CHE": "no", "DEU": "abstain",
                                       "GRC": "no"})
    result = vote.result
    assert (result["yes"], result["no"], result["abstentions"]) == (2, 1, 1)
    assert result["votes_cast"] == 3 and result["required"] == 2 and result["adopted"]
    assert result["excluded"] == [{"member": "GRC",
                                   "reason": "recorded by the Council: arrears"}]
    # Four of the five with voting rights present: quorum (more than half).
    assert result["quorum"] and result["entitled"] == 5 and result["present_entitled"] == 4
    assert Ballot.objects.filter(vote=vote).count() == 5
    assert Decision.objects.get(vote=vote).number == 1


def test_two_thirds_for_an_admission_and_numbering_only_adopted_motions(secretary, session):
    first = services.vote_take(actor=secretary, session=session, title="Admit a new member",
                              decision_kind="admission",
                              choices={"AUT": "yes", "BEL": "yes", "CHE": "no"})
    assert first.majority == "two_thirds" and first.result["required"] == 2
    assert first.result["adopted"]  # 2 of 3 votes cast is two thirds
    harder = services.vote_take(actor=secretary, session=session, title="Admit another",
                                decision_kind="admission",
                                choices={"AUT": "yes", "BEL": "no", "CHE": "no", "DEU": "yes"})
    assert harder.result["required"] == 3 and not harder.result["adopted"]
    assert list(Decision.objects.values_list("number", "title")) == [(1, "Admit a new member")]


def test_a_ballot_of_an_absent_member_is_refused_and_nothing_written(secretary, session):
    with pytest.raises(ValidationFailed) as refused:
        services.vote_take(actor=secretary, session=session, title="Motion",
                           decision_kind="ordinary", choices={"AUT": "yes", "ITA": "yes"})
    assert any("ITA" in p.get("where", "") + p["message"] for p in refused.value.problems)
    assert not Vote.objects.exists() and not Ballot.objects.exists()


def test_a_vote_taken_is_never_changed(secretary, session):
    vote = services.vote_take(actor=secretary, session=session, title="Motion",
                              decision_kind="ordinary", choices={"AUT": "yes"})
    with pytest.raises(PermissionError):
        vote.save()
    from django.db import DatabaseError, connection, transaction

    # The database refuses it too (a trigger), whatever writes to it.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE governance_vote SET title = 'changed'")
    assert Vote.objects.get().title == "Motion"


def test_the_pages_show_the_quorum_and_take_a_vote(secretary, session, org):
    client = verified_client(secretary)
    url = reverse("governance:session", args=[session.pk])
    page = client.get(url).content.decode()
    assert "4 of the 5 members with voting rights are present" in page
    assert "recorded by the Council: arrears" in page
    response = client.post(url, {"step": "vote", "title": "Budget 1997",
                                 "decision_kind": "ordinary", "vote_AUT": "yes",
                                 "vote_BEL": "yes", "vote_CHE": "no", "vote_GRC": "yes"})
    assert response.status_code == 302
    vote_page = client.get(response["Location"]).content.decode()
    assert "Adopted" in vote_page and "Decision 1" in vote_page
    assert "State GRC (GRC): recorded by the Council: arrears" in vote_page
    outsider = verified_client(make_user("cw_gov", Role.CASE_WORKER, org.country_a))
    assert outsider.get(url).status_code == 404


def test_a_show_of_hands_records_counts_and_refuses_too_many_hands(secretary, session):
    vote = services.hands_count(actor=secretary, session=session, title="Report",
                                decision_kind="ordinary", yes=3, no=1, abstentions=0)
    assert vote.method == "show_of_hands" and vote.result["adopted"]
    assert not Ballot.objects.filter(vote=vote).exists()
    # Four members with voting rights are present (Greece's vote is suspended): five hands
    # cannot be counted.
    with pytest.raises(ValidationFailed, match="only 4 members with voting rights"):
        services.hands_count(actor=secretary, session=session, title="Too many",
                             decision_kind="ordinary", yes=5, no=0, abstentions=0)
    assert Vote.objects.count() == 1
