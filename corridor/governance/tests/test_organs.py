"""Members over time, terms recorded from elections, the Executive Committee's seats one
election each, special sessions at a third of the members, rule sets stored as versions,
restoration of a vote by the Council, draft minutes (issue 15, items 1–5)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import verified_client
from corridor.core.errors import ValidationFailed
from corridor.finance.models import MemberState
from corridor.governance import elections, minutes, rules, selectors, services, special
from corridor.governance import members as history
from corridor.governance.models import (
    MembershipStatus,
    Restoration,
    RuleSetVersion,
    Session,
    SpecialSessionSupport,
    Term,
)
from corridor.governance.tests.test_votes import (  # noqa: F401
    members,
    secretary,
    session,
)
from engines.governance import load_rule_set, rule_set_to_dict

pytestmark = pytest.mark.django_db


@pytest.fixture
def states(members):  # noqa: F811
    return members


def test_status_changes_decide_who_is_a_member_on_a_date(secretary, states):  # noqa: F811
    today = timezone.localdate()
    ita = states["ITA"]
    history.status_record(actor=secretary, member=ita, status="observer",
                          since=today - dt.timedelta(days=400), reference="Res. 1 (I)")
    history.status_record(actor=secretary, member=ita, status="member",
                          since=today - dt.timedelta(days=100), reference="Res. 2 (II)")
    history.status_record(actor=secretary, member=ita, status="withdrawn",
                          since=today - dt.timedelta(days=10), reference="Notice")
    codes = lambda day: {m.iso3 for m in selectors.members_on(day)}  # noqa: E731
    assert "ITA" not in codes(today - dt.timedelta(days=200))
    assert "ITA" in codes(today - dt.timedelta(days=50))
    assert "ITA" not in codes(today)
    holders = history.holders_on(today - dt.timedelta(days=200))
    assert [m.iso3 for m in holders.observers] == ["ITA"]
    with pytest.raises(ValidationFailed, match="has that status already"):
        history.status_record(actor=secretary, member=ita, status="withdrawn",
                              since=today, reference="again")
    with pytest.raises(ValidationFailed, match="Name the decision"):
        history.status_record(actor=secretary, member=ita, status="member", since=today)
    assert MembershipStatus.objects.count() == 3


def test_an_executive_committee_seat_and_the_director_general_get_their_terms(
        secretary, session):  # noqa: F811
    election = elections.election_open(actor=secretary, session=session,
                                       office="executive_committee_member",
                                       candidates=["aut", "BEL"])
    assert election.candidates == ["AUT", "BEL"] and election.majority == "simple"
    # A second seat's election waits for this one to end.
    with pytest.raises(ValidationFailed, match="under way"):
        elections.election_open(actor=secretary, session=session,
                                office="executive_committee_member", candidates=["CHE"])
    for member, choice in {"AUT": "AUT", "BEL": "AUT", "CHE": "BEL", "DEU": "AUT"}.items():
        elections.ballot_cast(actor=secretary, election=election, member=member, choice=choice)
    elections.round_close(actor=secretary, election=election)
    term = Term.objects.get(election=election)
    assert term.member.iso3 == "AUT" and term.body == "executive_committee"
    assert term.ends_on == history.years_later(session.opens_on, 2)
    # AUT holds a seat now: it cannot stand for another.
    with pytest.raises(ValidationFailed, match="holds a seat"):
        elections.election_open(actor=secretary, session=session,
                                office="executive_committee_member", candidates=["AUT", "CHE"])
    held = history.holders_on(session.opens_on, rules.rules_for(session))
    assert [t.member.iso3 for t in held.committee] == ["AUT"]
    assert held.committee_limits == (9, 2)  # a third of 6 members
    history.term_record(actor=secretary, office="executive_committee_member",
                        member=MemberState.objects.get(iso3="BEL"), starts_on=session.opens_on)
    # The third seat would pass a third of the membership.
    with pytest.raises(ValidationFailed, match="more than 1/3"):
        elections.election_open(actor=secretary, session=session,
                                office="executive_committee_member", candidates=["CHE"])
    dg = elections.election_open(actor=secretary, session=session, office="director_general",
                                 candidates=["Ana"])
    for member in ("AUT", "BEL", "CHE", "DEU"):
        elections.ballot_cast(actor=secretary, election=dg, member=member, choice="Ana")
    elections.round_close(actor=secretary, election=dg)
    term = Term.objects.get(election=dg)
    assert term.person == "Ana" and term.ends_on == history.years_later(session.opens_on, 5)
    assert not history.holders_on(session.opens_on - dt.timedelta(days=1)).administration
    assert history.holders_on(term.ends_on - dt.timedelta(days=1)).administration == [term]
    assert not history.holders_on(term.ends_on).administration


def test_a_special_session_needs_a_third_of_the_members(secretary, states):  # noqa: F811
    today = timezone.localdate()
    request = special.request_open(actor=secretary, organ="council", purpose="Emergency",
                                   opened_on=today)
    special.request_support(actor=secretary, request=request, members=[states["AUT"]], on=today)
    with pytest.raises(ValidationFailed, match="1 of 6 members have asked; a special session needs 2"):
        special.request_convene(actor=secretary, request=request, number=1, opens_on=today)
    with pytest.raises(ValidationFailed, match="has asked already"):
        special.request_support(actor=secretary, request=request,
                                members=[states["AUT"], states["BEL"]], on=today)
    assert SpecialSessionSupport.objects.count() == 1  # nothing half written
    special.request_support(actor=secretary, request=request, members=[states["BEL"]], on=today)
    convened = special.request_convene(actor=secretary, request=request, number=1, opens_on=today)
    assert convened.kind == "special"
    assert [m.iso3 for m in special.requesting(convened)] == ["AUT", "BEL"]
    assert "State AUT, State BEL" in minutes.text(convened)


def test_a_rule_set_version_is_checked_stored_and_pinned(secretary, states):  # noqa: F811
    document = rule_set_to_dict(load_rule_set("constitution-1996"))
    before = RuleSetVersion.objects.count()
    bad = {**document, "quorum": {"fraction": "3/2", "more_than": False},
           "majorities": {**document["majorities"], "simple": {"fraction": "1/3", "more_than": True}}}
    with pytest.raises(ValidationFailed) as refused:
        rules.version_create(actor=secretary, document=bad)
    messages = " ".join(p["message"] for p in refused.value.problems)
    assert "above 100 %" in messages and "below half" in messages
    assert RuleSetVersion.objects.count() == before
    row = rules.version_create(actor=secretary, document={**document, "quorum": {
        "fraction": "2/3", "more_than": False}}, note="quorum of two thirds")
    assert row.version == (rules.latest("constitution-1996").version)
    pinned = services.session_create(actor=secretary, organ="council", number=99,
                                       kind="regular", opens_on=timezone.localdate())
    assert pinned.rule_set_version == row.version
    assert rules.rules_for(pinned).quorum.fewest(6) == 4
    with pytest.raises(PermissionError):
        row.save()


def test_the_rules_page_refuses_a_bad_upload_with_the_reason(secretary):  # noqa: F811
    client = verified_client(secretary)
    before = RuleSetVersion.objects.count()
    document = rule_set_to_dict(load_rule_set("constitution-2013"))
    document["majorities"]["simple"] = {"fraction": "2/5", "more_than": True}
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rules.json", json.dumps(document).encode(), "application/json")
    answer = client.post(reverse("governance:rule_sets"), {"upload": upload, "note": "x"})
    assert answer.status_code == 422
    assert "below half" in answer.content.decode()
    assert RuleSetVersion.objects.count() == before
    answer = client.post(reverse("governance:rule_sets"), {"document": "{not json"})
    assert answer.status_code == 422 and "not JSON" in answer.content.decode()


def test_the_council_restores_a_vote_by_a_decision(secretary, states):  # noqa: F811
    """Under the 2013 rules, a member in arrears votes again once the Council restores it."""
    from corridor.finance.selectors.contributions import restored_by_council

    council = services.session_create(actor=secretary, organ="council", number=104,
                                       kind="regular", opens_on=timezone.localdate(),
                                       rule_set="constitution-2013")
    services.attendance_set(actor=secretary, session=council, present=list(states.values()))
    with pytest.raises(ValidationFailed, match="Name the member"):
        services.vote_take(actor=secretary, session=council, title="Restore",
                           decision_kind="voting_rights_restoration", choices={"AUT": "yes"})
    vote = services.vote_take(actor=secretary, session=council, title="Restore ITA's vote",
                              decision_kind="voting_rights_restoration",
                              choices={"AUT": "yes", "BEL": "yes", "CHE": "no"},
                              subject=states["ITA"])
    assert vote.result["adopted"] and vote.result["subject"] == "ITA"
    restoration = Restoration.objects.get()
    assert restoration.decision == vote.decision and restoration.since == council.opens_on
    assert restored_by_council(states["ITA"], council.opens_on)
    assert not restored_by_council(states["AUT"], council.opens_on)


def test_decisions_link_documents_and_the_minutes_list_them(secretary, session):  # noqa: F811
    from corridor.governance import agendas

    agendas.document_add(actor=secretary, symbol="MC/1868", title="Memorandum",
                         issued_on=timezone.localdate(), languages=["en"], distribution="general")
    with pytest.raises(ValidationFailed, match="No document MC/9999"):
        services.vote_take(actor=secretary, session=session, title="Adopt", decision_kind="ordinary",
                           choices={"AUT": "yes"}, documents=["MC/9999"])
    vote = services.vote_take(actor=secretary, session=session, title="Adopt the report",
                              decision_kind="ordinary", choices={"AUT": "yes", "BEL": "yes"},
                              documents=["mc/1868"])
    assert [d.symbol for d in vote.decision.documents.all()] == ["MC/1868"]
    text = minutes.text(session)
    assert "Adopt the report" in text and "(MC/1868)" in text and "State GRC" in text
    client = verified_client(secretary)
    answer = client.get(reverse("governance:minutes_txt", args=[session.pk]))
    assert answer["Content-Type"].startswith("text/plain") and b"MC/1868" in answer.content
    assert client.get(reverse("governance:minutes", args=[session.pk])).status_code == 200


def test_the_pages_answer(secretary, session):  # noqa: F811
    client = verified_client(secretary)
    for name in ("organs", "members", "specials", "rule_sets"):
        assert client.get(reverse(f"governance:{name}")).status_code == 200, name
    french = client.get(reverse("governance:organs"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Qui occupait quel siège ou quelle fonction" in french.content.decode()
    day = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    assert client.get(reverse("governance:organs"), {"on": day}).status_code == 200
    answer = client.post(reverse("governance:session", args=[session.pk]), {
        "step": "delegate", "delegate-member": MemberState.objects.get(iso3="AUT").pk,
        "delegate-name": "A. Delegate", "delegate-role": "head"})
    assert answer.status_code == 302
    assert "A. Delegate" in client.get(reverse("governance:session", args=[session.pk])).content.decode()
    assert Session.objects.count() == 1


def test_the_demo_holds_the_history_around_the_session(db):
    from corridor.access.demo import demo_organisation_load
    from corridor.finance.demo import demo_finance_load
    from corridor.governance.demo import demo_governance_load

    demo_organisation_load()
    demo_finance_load()
    assert demo_governance_load() == 1
    held = history.holders_on(dt.date(1996, 11, 26), rules.rules_of("constitution-1996", None))
    assert len(held.council) == 11 and [m.iso3 for m in held.observers] == ["VAT"]
    assert [t.member.iso3 for t in held.committee] == ["AUT", "CHE", "USA"]
    assert held.administration[0].person == "James N. Purcell Jr."
