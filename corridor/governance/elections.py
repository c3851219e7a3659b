"""Elections to an office by secret ballot over repeated rounds (issue 15, item 4).

Who voted and what was voted are kept apart: `BallotCast` names the member and holds no choice,
`SecretBallot` holds the choice under a random key with no time and names no one. A member
whose vote is suspended is given no ballot (refused with the reason), so that every ballot in
the box is an entitled member's and the count needs no one's identity. Each ballot gets a
receipt code, shown once to the voter and stored only as a hash: the voter can check that the
ballot is in the count. Closing a round counts the whole election again from the stored ballots
with engines/governance (`elect`); a recount does the same and compares with what was stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditAction
from corridor.governance import selectors
from corridor.governance.models import (
    BallotCast,
    Election,
    ElectionRound,
    Office,
    SecretBallot,
    Session,
)
from corridor.governance.rules import rules_for
from corridor.governance.services import _refuse, _require, decision_number
from engines.governance import ABSTAIN, MAJORITIES, VoteRefused, elect
from engines.governance import Ballot as EngineBallot
from engines.governance import Election as EngineElection


def _hash(receipt: str) -> str:
    return hashlib.sha256(receipt.strip().upper().encode()).hexdigest()


@dataclass(frozen=True)
class State:
    """Where an election stands: the round now open, the result of the rounds counted (None
    before the first count), who is elected, who stands in the open round."""

    round: int
    result: dict | None
    elected: str | None
    standing: list[str]


def state(election: Election) -> State:
    """Read from the last round counted (one query): it holds the whole election's result."""
    last = election.rounds.order_by("-number").first()
    if last is None:
        return State(1, None, None, list(election.candidates))
    return State(last.number + 1, last.result, last.result["elected"],
                 list(last.result["standing"]))


def _committee_candidates(session: Session, names: list[str], rules) -> list[str]:
    """An Executive Committee seat is filled by one single-seat election (repeated for each
    seat, ADR 0082): its candidates are member States (ISO3 codes) holding no seat on the
    session's day, and the seat must fit the rule set's limit of a third of the membership."""
    from corridor.governance.members import _term_problems
    from corridor.governance.models import Body

    codes = [n.upper() for n in names]
    members = {m.iso3: m for m in selectors.members_on(session.opens_on)}
    problems = [{"field": "candidates",
                 "message": _("%(code)s is not a member State on %(day)s.")
                 % {"code": code, "day": session.opens_on.isoformat()}}
                for code in codes if code not in members]
    problems += _term_problems(Body.EXECUTIVE_COMMITTEE, Office.EXECUTIVE_COMMITTEE_MEMBER,
                               None, session.opens_on, rules)
    for code in codes:
        if code in members:
            problems += [p for p in _term_problems(Body.EXECUTIVE_COMMITTEE,
                                                   Office.EXECUTIVE_COMMITTEE_MEMBER,
                                                   members[code], session.opens_on, rules)
                         if p["field"] == "candidates"]
    pending = [e for e in Election.objects.filter(session=session,
                                                  office=Office.EXECUTIVE_COMMITTEE_MEMBER)
               if state(e).elected is None]
    if pending:
        problems.append({"field": "office", "message": _("An election to a seat of the Executive "
                                                          "Committee is under way in this session: "
                                                          "finish it first.")})
    if problems:
        raise ValidationFailed(problems)
    return codes


@transaction.atomic
def election_open(*, actor, session: Session, office: str, candidates: list[str]) -> Election:
    _require(actor)
    if office not in Office.values:
        _refuse("office", f"unknown office {office!r}")
    names = [c.strip() for c in candidates if c.strip()]
    if len(names) < 1:
        _refuse("candidates", "Name at least one candidate.")
    if len(set(names)) != len(names):
        _refuse("candidates", "A candidate is named twice.")
    rules = rules_for(session)
    if office == Office.EXECUTIVE_COMMITTEE_MEMBER:
        names = _committee_candidates(session, names, rules)
        majority = rules.majority_for("executive_committee_election")
    else:
        majority = rules.majority_for(f"{office}_election")
    standing = selectors.standing(session, timezone.now())
    election = Election.objects.create(
        session=session, office=office, candidates=names, majority=majority.name,
        members=[m.iso3 for m in standing.members], present=sorted(standing.present),
        suspended=dict(standing.suspended), opened_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=election,
                 summary=f"{session}: election of the {office}")
    return election


@transaction.atomic
def ballot_cast(*, actor, election: Election, member: str, choice: str) -> str:
    """Record `member`'s secret ballot in the round now open; returns the receipt code, which
    is shown once and kept only as a hash."""
    _require(actor)
    Election.objects.select_for_update().filter(pk=election.pk).first()
    now = state(election)
    if now.elected is not None:
        _refuse("member", "The election is over: no round remains open.")
    if member not in election.members:
        _refuse("member", f"{member} is not a member.")
    if member in election.suspended:
        _refuse("member", f"{member} cannot vote: {election.suspended[member]}")
    if member not in election.present:
        _refuse("member", f"{member} was not present when the election opened.")
    number = now.round
    if BallotCast.objects.filter(election=election, round=number, member=member).exists():
        _refuse("member", f"{member} has already voted in round {number}.")
    if choice != ABSTAIN and choice not in now.standing:
        _refuse("choice", f"{choice!r} does not stand in round {number}.")
    receipt = secrets.token_hex(5).upper()
    BallotCast.objects.create(election=election, round=number, member=member)
    SecretBallot.objects.create(election=election, round=number, choice=choice,
                                receipt_hash=_hash(receipt))
    return receipt


def _engine_election(election: Election, through: int) -> EngineElection:
    """The election's rounds 1..`through` as the engine reads them. A secret round's ballots
    are the choices in the box paired with the members who voted, in no matching order: every
    voter is entitled and present (ballot_cast saw to it), so the pairing changes no count."""
    rounds = []
    for number in range(1, through + 1):
        voters = sorted(BallotCast.objects.filter(election=election, round=number)
                        .values_list("member", flat=True))
        choices = list(SecretBallot.objects.filter(election=election, round=number)
                       .order_by("id").values_list("choice", flat=True))
        if len(voters) != len(choices):
            _refuse("round", f"Round {number}: {len(voters)} voted but {len(choices)} ballots "
                             "are in the box; the round is void.")
        rounds.append(tuple(EngineBallot(member=m, vote=c) for m, c in zip(voters, choices, strict=True)))
    return EngineElection(
        members=tuple(election.members), suspended=dict(election.suspended),
        present=tuple(election.present), majority=MAJORITIES[election.majority],
        candidates=tuple(election.candidates), rounds=tuple(rounds))


def _counted(election: Election, through: int) -> dict:
    try:
        result = elect(_engine_election(election, through))
    except VoteRefused as exc:
        raise ValidationFailed([{"where": ", ".join(p.where), "field": "round",
                                 "message": p.message} for p in exc.problems]) from None
    return {**result.to_json(), "standing": list(result.standing)}


@transaction.atomic
def round_close(*, actor, election: Election) -> ElectionRound:
    """Count the round now open (with the ones before it), store the result; when it elects,
    the election's decision is numbered."""
    _require(actor)
    Election.objects.select_for_update().filter(pk=election.pk).first()
    now = state(election)
    if now.elected is not None:
        _refuse("round", "The election is over.")
    number = now.round
    if not BallotCast.objects.filter(election=election, round=number).exists():
        _refuse("round", f"No ballot has been cast in round {number}.")
    result = _counted(election, number)
    counted = ElectionRound.objects.create(election=election, number=number, result=result)
    if result["elected"]:
        from corridor.governance.members import term_from_election

        decision_number(session=election.session, election=election,
                        title=f"{election.get_office_display()}: {result['elected']}")
        term_from_election(election, result["elected"])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=counted,
                 summary=f"{election}: round {number} counted",
                 changes={"elected": result["elected"]})
    return counted


def recount(election: Election) -> tuple[bool, dict | None]:
    """The election counted again from its stored ballots: (same as stored, the recount)."""
    now = state(election)
    if now.result is None:
        return True, None
    again = _counted(election, now.round - 1)
    return again == now.result, again


def receipt_counted(election: Election, receipt: str) -> SecretBallot | None:
    return SecretBallot.objects.filter(election=election, receipt_hash=_hash(receipt)).first()
