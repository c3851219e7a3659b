"""What the secretariat reads: sessions, who is present, whose vote is suspended and why (the
arrears from finance's one selector, and suspensions it recorded), and the quorum now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from corridor.access.policies import has_permission
from corridor.core.errors import PermissionDenied
from corridor.core.fetch import get_in_scope
from corridor.finance.models import MemberState
from corridor.finance.selectors.contributions import arrears_ageing
from corridor.governance.models import Attendance, Election, Session, Suspension, Vote
from engines.governance import Electorate


def _require(user, permission: str = "governance.view") -> None:
    if not has_permission(user, permission):
        raise PermissionDenied("Your role does not include governance.")


def session_list(*, user):
    _require(user)
    return Session.objects.all()


def session_get(*, user, session_id: int) -> Session:
    _require(user)
    return get_in_scope(Session.objects.all(), session_id, "No such session")


def vote_get(*, user, vote_id: int) -> Vote:
    _require(user)
    return get_in_scope(Vote.objects.select_related("session"), vote_id, "No such vote")


def election_get(*, user, election_id: int) -> Election:
    _require(user)
    return get_in_scope(Election.objects.select_related("session"), election_id,
                        "No such election")


def statuses_on(day: date) -> dict[int, str]:
    """MemberState id -> its status on `day`, from the status history; a State with no
    history yet is a member from its admission date (finance's record), or always when none."""
    from corridor.governance.models import MembershipStatus, Status

    found: dict[int, str] = {}
    with_history: set[int] = set()
    for member_id, status, since in (MembershipStatus.objects.order_by("since", "id")
                                     .values_list("member_id", "status", "since")):
        with_history.add(member_id)
        if since <= day:
            found[member_id] = status
    for member_id, admitted in MemberState.objects.values_list("pk", "admitted"):
        if member_id not in with_history and (admitted is None or admitted <= day):
            found[member_id] = Status.MEMBER
    return found


def members_on(day: date) -> list[MemberState]:
    """The member States on `day` (observers and withdrawn States are not members)."""
    from corridor.governance.models import Status

    ids = [pk for pk, status in statuses_on(day).items() if status == Status.MEMBER]
    return list(MemberState.objects.filter(pk__in=ids).order_by("name"))


def present_at(session: Session, at: datetime) -> set[str]:
    """ISO3 codes of the delegations present at `at`."""
    rows = Attendance.objects.filter(session=session, arrived_at__lte=at).filter(
        Q(left_at__isnull=True) | Q(left_at__gt=at)).values_list("member__iso3", flat=True)
    return set(rows)


def suspensions_on(members: list[MemberState], day: date) -> dict[str, str]:
    """code -> why its vote is suspended on `day`: arrears (finance) or the secretariat's own
    record. The reason is written in the reader's language when the vote is taken and stored
    with it."""
    wanted = {member.pk for member in members}
    found: dict[str, str] = {}
    # Finance's one reading of arrears and the voting rights that follow from them.
    for row in arrears_ageing(on=day)[1]:
        if row.suspended and row.member.pk in wanted:
            found[row.member.iso3] = _(
                "arrears of CHF %(amount)s equal or exceed the contributions due for the two "
                "preceding full years") % {"amount": formats.number_format(
                    row.arrears, 2, force_grouping=True)}
    recorded = Suspension.objects.filter(member__in=members, since__lte=day).filter(
        Q(until__isnull=True) | Q(until__gt=day)).select_related("member")
    for suspension in recorded:
        found.setdefault(suspension.member.iso3, suspension.reason)
    return found


@dataclass(frozen=True)
class Standing:
    """The electorate at a moment, as the session page shows it before a vote."""

    members: list[MemberState]
    present: set[str]
    suspended: dict[str, str]
    entitled: int
    present_entitled: int
    quorum: bool
    needed: int  # present members with voting rights the quorum needs


def standing(session: Session, at: datetime) -> Standing:
    """Who may vote at `at`: the members and their voting rights as on the session's opening
    day (the arrears at the opening decide for the whole session, so that a vote on its third
    day counts the same electorate as on its first), who is present at `at`."""
    members = members_on(session.opens_on)
    present = present_at(session, at)
    suspended = suspensions_on(members, session.opens_on)
    electorate = Electorate(tuple(m.iso3 for m in members), suspended, tuple(sorted(present)))
    from corridor.governance.rules import rules_for

    rule = rules_for(session).quorum
    entitled = len(electorate.entitled)
    needed = rule.fewest(entitled)
    return Standing(members, present, suspended, entitled, len(electorate.present_entitled),
                    electorate.quorum(rule), needed)


def restored(member: MemberState, on: date) -> bool:
    """Whether a Council decision has restored the member's vote on `on` (finance's
    `restored_by_council` asks this)."""
    from corridor.governance.models import Restoration

    return Restoration.objects.filter(member=member, since__lte=on).filter(
        Q(until__isnull=True) | Q(until__gt=on)).exists()
