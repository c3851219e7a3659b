"""Member States and observers over time, their delegations at sessions, and who held which
seat or office on a date (issue 15, item 1).

The Council is every member State on the day (one representative, one vote); the Executive
Committee's seats and the Administration's offices are `Term` rows, recorded from the election
that filled them (`term_from_election`), or by the secretariat for terms that began before
Corridor (`term_record`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.finance.models import MemberState
from corridor.governance import selectors
from corridor.governance.models import (
    Body,
    DelegateRole,
    Election,
    MembershipStatus,
    Office,
    Representative,
    Session,
    Status,
    Term,
)
from corridor.governance.services import _refuse, _require

# Which organ an elected office belongs to.
BODY_OF = {Office.EXECUTIVE_COMMITTEE_MEMBER: Body.EXECUTIVE_COMMITTEE,
           Office.DIRECTOR_GENERAL: Body.ADMINISTRATION,
           Office.DEPUTY_DIRECTOR_GENERAL: Body.ADMINISTRATION}


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year: the term ends on 1 March
        return date(day.year + years, 3, 1)


@transaction.atomic
def status_record(*, actor, member: MemberState, status: str, since: date,
                  reference: str = "", decision=None) -> MembershipStatus:
    """A State's status from `since` on (admission, observer status, withdrawal)."""
    _require(actor)
    if status not in Status.values:
        _refuse("status", f"unknown status {status!r}")
    if decision is None and not reference.strip():
        _refuse("reference", _("Name the decision behind the change."))
    if MembershipStatus.objects.filter(member=member, since=since).exists():
        _refuse("since", _("%(code)s has a status change on %(day)s already.")
                % {"code": member.iso3, "day": since.isoformat()})
    last = (MembershipStatus.objects.filter(member=member, since__lt=since)
            .order_by("-since").first())
    if last is not None and last.status == status:
        _refuse("status", _("%(code)s has that status already since %(day)s.")
                % {"code": member.iso3, "day": last.since.isoformat()})
    row = MembershipStatus.objects.create(member=member, status=status, since=since,
                                          reference=reference.strip(), decision=decision,
                                          recorded_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row,
                 summary=f"{member.iso3}: {status} from {since.isoformat()}")
    return row


def history(member: MemberState) -> list[MembershipStatus]:
    return list(MembershipStatus.objects.filter(member=member).order_by("since", "id")
                .select_related("decision"))


@transaction.atomic
def representative_add(*, actor, session: Session, member: MemberState, name: str,
                       role: str) -> Representative:
    _require(actor)
    if role not in DelegateRole.values:
        _refuse("role", f"unknown role {role!r}")
    if not name.strip():
        _refuse("name", _("Give the representative's name."))
    if member.pk not in {m.pk for m in selectors.members_on(session.opens_on)} and \
            selectors.statuses_on(session.opens_on).get(member.pk) != Status.OBSERVER:
        _refuse("member", _("%(code)s is neither a member nor an observer on the session's day.")
                % {"code": member.iso3})
    if role == DelegateRole.HEAD and Representative.objects.filter(
            session=session, member=member, role=DelegateRole.HEAD).exists():
        _refuse("role", _("The delegation of %(code)s has a head already.") % {"code": member.iso3})
    row = Representative.objects.create(session=session, member=member, name=name.strip(),
                                        role=role, created_by=actor)
    # The name is personal data: the trail says whose delegation, not who.
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row,
                 summary=f"{session}: representative of {member.iso3}")
    return row


def seats_held(day: date) -> int:
    return Term.objects.filter(body=Body.EXECUTIVE_COMMITTEE, starts_on__lte=day,
                               ends_on__gt=day).count()


def terms_on(day: date):
    return (Term.objects.filter(starts_on__lte=day, ends_on__gt=day)
            .select_related("member", "election__decision").order_by("body", "office", "member__name"))


def _term_problems(body: str, office: str, member: MemberState | None, starts_on: date,
                   rules) -> list[dict]:
    problems = []
    if body == Body.EXECUTIVE_COMMITTEE:
        committee = rules.executive_committee
        if committee is None:
            return [{"field": "office", "message": _("The rule set in force has no Executive Committee.")}]
        members = len(selectors.members_on(starts_on))
        _fewest, most = committee.seat_limits(members)
        if seats_held(starts_on) + 1 > most:
            problems.append({"field": "office", "message":
                             _("The Executive Committee would have more than %(share)s of the %(members)s "
                               "members (%(most)s seats).") % {
                                 "share": committee.max_share, "members": members, "most": most}})
        if member is not None and Term.objects.filter(
                body=body, member=member, starts_on__lte=starts_on, ends_on__gt=starts_on).exists():
            problems.append({"field": "candidates", "message":
                             _("%(code)s holds a seat of the Executive Committee already.")
                             % {"code": member.iso3}})
    elif Term.objects.filter(body=body, office=office, ends_on__gt=starts_on,
                             starts_on__lte=starts_on).exists():
        problems.append({"field": "office", "message": _("The office is held on that day.")})
    return problems


def term_years(office: str, rules) -> int:
    if office == Office.EXECUTIVE_COMMITTEE_MEMBER:
        return rules.executive_committee.term_years
    return rules.terms_years[office]


def term_from_election(election: Election, elected: str) -> Term:
    """The term the election filled, from the session's opening for the rule set's years
    (called inside the round's transaction, so the term and the decision come together)."""
    from corridor.governance.rules import rules_for

    rules = rules_for(election.session)
    starts = election.session.opens_on
    body = BODY_OF[election.office]
    member = (MemberState.objects.get(iso3=elected)
              if election.office == Office.EXECUTIVE_COMMITTEE_MEMBER else None)
    return Term.objects.create(body=body, office=election.office, member=member,
                               person="" if member else elected, starts_on=starts,
                               ends_on=years_later(starts, term_years(election.office, rules)),
                               election=election)


@transaction.atomic
def term_record(*, actor, office: str, starts_on: date, member: MemberState | None = None,
                person: str = "", rule_set: str = "constitution-1996") -> Term:
    """A term that began before Corridor (no election here), for the rule set's years."""
    from corridor.governance.rules import pin, rules_of

    _require(actor)
    if office not in BODY_OF:
        _refuse("office", f"unknown office {office!r}")
    if office == Office.EXECUTIVE_COMMITTEE_MEMBER and member is None:
        _refuse("member", _("Name the member State holding the seat."))
    if office != Office.EXECUTIVE_COMMITTEE_MEMBER and not person.strip():
        _refuse("person", _("Name the person holding the office."))
    rules = rules_of(*pin(rule_set))
    problems = _term_problems(BODY_OF[office], office, member, starts_on, rules)
    if problems:
        from corridor.core.errors import ValidationFailed

        raise ValidationFailed(problems)
    term = Term.objects.create(body=BODY_OF[office], office=office, member=member,
                               person=person.strip(), starts_on=starts_on,
                               ends_on=years_later(starts_on, term_years(office, rules)))
    audit_record(actor=actor, action=AuditAction.CREATE, obj=term, summary=f"Term of {office}")
    return term


@dataclass(frozen=True)
class Holders:
    """Who held which seat or office on `day`."""

    day: date
    council: list[MemberState]
    observers: list[MemberState]
    committee: list[Term]
    committee_limits: tuple[int, int] | None  # (fewest, most) seats under the rules that day
    administration: list[Term]


def holders_on(day: date, rules=None) -> Holders:
    from corridor.governance.rules import rules_in_force

    statuses = selectors.statuses_on(day)
    observers = list(MemberState.objects.filter(
        pk__in=[pk for pk, s in statuses.items() if s == Status.OBSERVER]).order_by("name"))
    council = selectors.members_on(day)
    terms = list(terms_on(day))
    rules = rules or rules_in_force(day)
    committee = rules.executive_committee
    return Holders(day, council, observers,
                   [t for t in terms if t.body == Body.EXECUTIVE_COMMITTEE],
                   committee.seat_limits(len(council)) if committee else None,
                   [t for t in terms if t.body == Body.ADMINISTRATION])


def held_by(member: MemberState) -> list[Term]:
    return list(Term.objects.filter(Q(member=member)).order_by("starts_on"))
