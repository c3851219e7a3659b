"""What the secretariat writes: a session, who is present, a suspension, and a roll-call vote
— counted by engines/governance from the rule set the session is held under, stored with the
electorate it was taken with, and numbered as the organ's next decision when adopted."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.policies import has_permission
from corridor.core.audit import audit_record
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.core.models import AuditAction
from corridor.finance.models import MemberState
from corridor.governance import selectors
from corridor.governance.models import (
    Attendance,
    Ballot,
    Choice,
    Decision,
    DecisionKind,
    Method,
    Organ,
    Session,
    SessionKind,
    Suspension,
    Vote,
)
from engines.governance import Ballot as EngineBallot
from engines.governance import Electorate, VoteRefused, decide, decide_counts
from engines.governance import Vote as EngineVote


def _require(actor) -> None:
    if not has_permission(actor, "governance.edit"):
        raise PermissionDenied("Your role does not include the governance secretariat's work.")


def _refuse(field: str, message: str):
    raise ValidationFailed([{"field": field, "message": message}])


@transaction.atomic
def session_create(*, actor, organ: str, number: int, kind: str, opens_on: date,
                   place: str = "", rule_set: str = "") -> Session:
    _require(actor)
    from corridor.governance.rules import pin, rules_of
    from engines.governance import DEFAULT_RULE_SET

    rule_set = rule_set or DEFAULT_RULE_SET
    if organ not in Organ.values:
        _refuse("organ", f"unknown organ {organ!r}")
    if kind not in SessionKind.values:
        _refuse("kind", f"unknown kind of session {kind!r}")
    key, version = pin(rule_set)
    if organ == Organ.EXECUTIVE_COMMITTEE and rules_of(key, version).executive_committee is None:
        _refuse("organ", "The rule set in force has no Executive Committee.")
    if Session.objects.filter(organ=organ, number=number).exists():
        _refuse("number", f"This organ already has a session {number}.")
    session = Session.objects.create(organ=organ, number=number, kind=kind, opens_on=opens_on,
                                     place=place, rule_set=key, rule_set_version=version,
                                     created_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=session, summary=str(session))
    return session


@transaction.atomic
def attendance_set(*, actor, session: Session, present: list[MemberState]) -> None:
    """The delegations present now: those newly ticked arrive, those unticked leave."""
    _require(actor)
    now = timezone.now()
    here = {a.member_id: a for a in Attendance.objects.select_for_update().filter(
        session=session, left_at__isnull=True)}
    wanted = {member.pk for member in present}
    for member_id in wanted - set(here):
        Attendance.objects.create(session=session, member_id=member_id, arrived_at=now)
    for member_id in set(here) - wanted:
        attendance = here[member_id]
        attendance.left_at = now
        attendance.save(update_fields=["left_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=session,
                 summary=f"{session}: attendance", changes={"present": sorted(wanted)})


@transaction.atomic
def suspension_record(*, actor, member: MemberState, since: date, reason: str,
                      until: date | None = None) -> Suspension:
    _require(actor)
    if not reason.strip():
        _refuse("reason", "Say why the vote is suspended.")
    if until is not None and until <= since:
        _refuse("until", "The end comes before the start.")
    suspension = Suspension.objects.create(member=member, since=since, until=until,
                                           reason=reason.strip(), created_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=suspension,
                 summary=f"Vote of {member.iso3} suspended")
    return suspension


def documents_found(symbols) -> list:
    """The documents named by their symbols; refused naming every symbol not found."""
    from corridor.governance.models import Document

    wanted = sorted({s.strip().upper() for s in symbols if s.strip()})
    found = list(Document.objects.filter(symbol__in=wanted))
    missing = sorted(set(wanted) - {d.symbol for d in found})
    if missing:
        _refuse("documents", _("No document %(symbols)s") % {"symbols": ", ".join(missing)})
    return found


def _next_number(organ: str) -> int:
    return (Decision.objects.filter(organ=organ).aggregate(n=Max("number"))["n"] or 0) + 1


def decision_number(*, session: Session, title: str, vote: Vote | None = None,
                    election=None) -> Decision:
    """The organ's next numbered decision, for an adopted vote or an election's outcome. Two
    secretaries numbering at once: the unique constraint decides, the loser takes the next."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Decision.objects.create(
                    organ=session.organ, number=_next_number(session.organ), session=session,
                    vote=vote, election=election, title=title, adopted_on=timezone.localdate())
        except IntegrityError:
            continue
    raise IntegrityError("could not number the decision: retry")


def _motion(session: Session, title: str, decision_kind: str):
    """The checks every vote makes before it is counted, and what it is counted against: the
    rule set's majority for the kind of decision and its quorum, the electorate now."""
    if not title.strip():
        _refuse("title", "Name the motion.")
    if decision_kind not in DecisionKind.values:
        _refuse("decision_kind", f"unknown kind of decision {decision_kind!r}")
    from corridor.governance.rules import rules_for

    rules = rules_for(session)
    standing = selectors.standing(session, timezone.now())
    electorate = Electorate(tuple(m.iso3 for m in standing.members), dict(standing.suspended),
                            tuple(sorted(standing.present)))
    return rules, rules.majority_for(decision_kind), standing, electorate


def _counted(count, field: str):
    try:
        return count()
    except VoteRefused as exc:
        raise ValidationFailed([{"where": ", ".join(p.where), "field": field,
                                 "message": p.message} for p in exc.problems]) from None


def _subject(rules, decision_kind: str, subject: MemberState | None) -> None:
    """A motion restoring a vote names the member whose vote it restores (and only then)."""
    restoring = decision_kind == rules.arrears.restore_decision
    if restoring and subject is None:
        _refuse("subject", _("Name the member whose vote the motion restores."))
    if not restoring and subject is not None:
        _refuse("subject", _("Only a motion restoring a vote names a member."))


def _restore(session: Session, subject: MemberState, decision: Decision) -> None:
    """The Council's decision restores the member's vote from the session's opening day (the
    day its voting rights are judged for the session), for the rest of the session and after."""
    from corridor.governance.models import Restoration

    Restoration.objects.create(member=subject, decision=decision, since=session.opens_on)


def _record(*, actor, session: Session, title: str, decision_kind: str, method: str,
            majority, standing, electorate, decision, subject: MemberState | None = None,
            documents=()) -> Vote:
    """A vote counted, written once with its frozen electorate and result; an adopted motion
    numbered as the organ's next decision (with the documents it was taken on, and — for a
    restoration of a vote — the member's restored vote); audited."""
    result = {**decision.to_json(), "entitled": decision.entitled,
              "present_entitled": decision.present_entitled, "quorum_needed": standing.needed,
              "subject": subject.iso3 if subject else None}
    vote = Vote.objects.create(
        session=session, title=title.strip(), decision_kind=decision_kind,
        majority=majority.name, method=method, members=list(electorate.members),
        present=list(electorate.present), suspended=dict(electorate.suspended), result=result,
        taken_by=actor)
    if decision.adopted:
        numbered = decision_number(session=session, title=vote.title, vote=vote)
        numbered.documents.set(documents)
        if subject is not None:
            _restore(session, subject, numbered)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=vote,
                 summary=f"{session}: {method} on {vote.title[:80]}",
                 changes={"adopted": decision.adopted, "yes": decision.yes, "no": decision.no})
    return vote


@transaction.atomic
def vote_take(*, actor, session: Session, title: str, decision_kind: str,
              choices: dict[str, str], subject: MemberState | None = None,
              documents: list[str] = ()) -> Vote:
    """A roll call: `choices` maps each member's ISO3 code to yes, no or abstain (a member not
    named did not vote). The electorate is the one of this moment; the engine refuses a ballot
    of a non-member or of an absent member, listing every problem, and nothing is written."""
    _require(actor)
    unknown = sorted(choice for choice in choices.values() if choice not in Choice.values)
    if unknown:
        _refuse("choices", f"unknown votes: {', '.join(unknown)}")
    rules, majority, standing, electorate = _motion(session, title, decision_kind)
    _subject(rules, decision_kind, subject)
    found = documents_found(documents)
    ballots = tuple(EngineBallot(member=code, vote=choice)
                    for code, choice in sorted(choices.items()))
    decision = _counted(lambda: decide(EngineVote(
        members=electorate.members, suspended=electorate.suspended, present=electorate.present,
        majority=majority, ballots=ballots, quorum_rule=rules.quorum)), "choices")
    vote = _record(actor=actor, session=session, title=title, decision_kind=decision_kind,
                   method=Method.ROLL_CALL, majority=majority, standing=standing,
                   electorate=electorate, decision=decision, subject=subject, documents=found)
    Ballot.objects.bulk_create([Ballot(vote=vote, member=code, choice=choice)
                                for code, choice in sorted(choices.items())])
    return vote


@transaction.atomic
def hands_count(*, actor, session: Session, title: str, decision_kind: str, yes: int, no: int,
                abstentions: int, subject: MemberState | None = None,
                documents: list[str] = ()) -> Vote:
    """A show of hands: only the counts are recorded. Refused when the hands outnumber the
    present members with voting rights; a suspended member raises no hand that counts."""
    _require(actor)
    rules, majority, standing, electorate = _motion(session, title, decision_kind)
    _subject(rules, decision_kind, subject)
    found = documents_found(documents)
    decision = _counted(lambda: decide_counts(electorate, majority, yes, no, abstentions,
                                              rules.quorum), "yes")
    return _record(actor=actor, session=session, title=title, decision_kind=decision_kind,
                   method=Method.SHOW_OF_HANDS, majority=majority, standing=standing,
                   electorate=electorate, decision=decision, subject=subject, documents=found)
