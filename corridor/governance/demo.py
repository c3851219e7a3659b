"""Demo: the Council's 72nd session, opened on 26 November 1996 in Geneva, with nine delegations present
and a roll-call vote on the programme and budget, in which the members whose arrears suspend
their vote (finance's demo: Greece, Portugal) are excluded with the reason shown."""

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
    return 1
