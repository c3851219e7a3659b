"""Demo: the Council's 72nd session, opened on 26 November 1996 in Geneva, with nine delegations present
and a roll-call vote on the programme and budget, in which the members whose arrears suspend
their vote (finance's demo: Greece, Portugal) are excluded with the reason shown. Around it: the
members' admission (1951) as status rows, an observer State, the Executive Committee's seats
and the Director General's term in force, and a request for a special session that three
members have made (four of eleven are needed)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from corridor.access.models import User
from corridor.finance.models import MemberState
from corridor.governance import services
from corridor.governance.models import Session

PRESENT = ("AUT", "BEL", "FRA", "DEU", "GRC", "ITA", "NLD", "CHE", "USA")
BALLOTS = {"AUT": "yes", "BEL": "yes", "FRA": "yes", "DEU": "yes", "GRC": "no", "ITA": "abstain",
           "NLD": "yes", "CHE": "yes", "USA": "no"}


@transaction.atomic
def demo_governance_load() -> int:
    """One session with its attendance and a vote, once; returns how many sessions made."""
    if Session.objects.exists() or not MemberState.objects.exists():
        return 0
    secretary = User.objects.filter(username="secretariat.hq").first()
    session = services.session_create(actor=secretary, organ="council", number=72,
                                       kind="regular", opens_on=date(1996, 11, 26),
                                       place="Geneva")
    services.attendance_set(actor=secretary, session=session,
                            present=list(MemberState.objects.filter(iso3__in=PRESENT)))
    services.vote_take(actor=secretary, session=session,
                       title="Programme and Budget for 1997 (MC/1868)",
                       decision_kind="ordinary", choices=BALLOTS)
    _history(secretary)
    return 1


def _history(secretary) -> None:
    from corridor.governance import members, special

    for state in MemberState.objects.filter(admitted__isnull=False):
        members.status_record(actor=secretary, member=state, status="member",
                              since=state.admitted, reference="Founding conference, Brussels")
    holy_see, _made = MemberState.objects.get_or_create(iso3="VAT", defaults={"name": "Holy See"})
    members.status_record(actor=secretary, member=holy_see, status="observer",
                          since=date(1952, 10, 1), reference="Council, 1st session")
    for code in ("AUT", "CHE", "USA"):  # 11 members: at most a third, 3 seats
        members.term_record(actor=secretary, office="executive_committee_member",
                            member=MemberState.objects.get(iso3=code), starts_on=date(1995, 11, 29))
    members.term_record(actor=secretary, office="director_general", person="James N. Purcell Jr.",
                        starts_on=date(1993, 10, 1))
    request = special.request_open(actor=secretary, organ="council",
                                   purpose="Humanitarian evacuation programme",
                                   opened_on=date(1996, 12, 10))
    special.request_support(actor=secretary, request=request, on=date(1996, 12, 10),
                            members=list(MemberState.objects.filter(iso3__in=("ITA", "ESP", "PRT"))))
