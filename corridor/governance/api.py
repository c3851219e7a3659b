"""API of the governing bodies: sessions, attendance, votes (a roll call's ballots recorded,
a show of hands' counts), elections (casting a secret ballot answers its receipt code, once),
decisions, documents by symbol, and who held which seat or office on a date. The same services
and policies as the pages; every write audited there."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from corridor.access.api_permissions import permits
from corridor.core.api_schemas import ErrorOut, InvalidOut
from corridor.core.errors import ValidationFailed
from corridor.core.ids import DbId
from corridor.finance.models import MemberState
from corridor.governance import agendas, elections, members, rules, selectors, services
from corridor.governance.models import BallotCast, Decision, Election, Session, Vote

router = Router(tags=["governance"])
VIEW, EDIT = permits("governance.view"), permits("governance.edit")


class SessionIn(Schema):
    organ: str = Field(examples=["council"])
    number: int = Field(ge=1)
    kind: str = Field(examples=["regular"])
    opens_on: date
    place: str = ""
    rule_set: str = Field("", description="A rule set's key; its latest version is pinned")


class SessionOut(Schema):
    id: int
    organ: str
    number: int
    kind: str
    opens_on: date
    place: str
    rule_set: str
    rule_set_version: int | None
    agenda_adopted_on: date | None
    requested_by: list[str] = Field(description="Members who asked for a special session")


class StandingOut(Schema):
    members: list[str]
    present: list[str]
    suspended: dict[str, str]
    entitled: int
    present_entitled: int
    quorum: bool
    quorum_needed: int


class AttendanceIn(Schema):
    present: list[str] = Field(description="ISO3 codes of the delegations present now")


class RollCallIn(Schema):
    title: str
    decision_kind: str = "ordinary"
    ballots: dict[str, str] = Field(description="ISO3 code → yes | no | abstain")
    subject: str | None = Field(None, description="Restoration of a vote: the member's ISO3")
    documents: list[str] = Field([], description="Symbols of the documents it is taken on")


class HandsIn(Schema):
    title: str
    decision_kind: str = "ordinary"
    yes: int = Field(ge=0)
    no: int = Field(ge=0)
    abstentions: int = Field(0, ge=0)
    subject: str | None = None
    documents: list[str] = []


class VoteOut(Schema):
    id: int
    session_id: int
    title: str
    decision_kind: str
    method: str
    majority: str
    members: list[str]
    present: list[str]
    suspended: dict[str, str]
    result: dict
    ballots: list[dict] = Field(description="A roll call's ballots; empty for a show of hands")
    decision: int | None


class ElectionIn(Schema):
    office: str = Field(examples=["director_general"])
    candidates: list[str]


class ElectionOut(Schema):
    id: int
    session_id: int
    office: str
    majority: str
    candidates: list[str]
    round_open: int | None
    standing: list[str]
    voted_this_round: list[str] = Field(description="Who has voted in the round open (never what)")
    result: dict | None
    elected: str | None


class BallotIn(Schema):
    member: str
    choice: str = Field(description="A candidate still standing, or abstain")


class BallotReceiptOut(Schema):
    round: int
    receipt: str = Field(description="Shown once: the voter checks with it that the ballot counts")


class DecisionOut(Schema):
    id: int
    organ: str
    number: int
    session_id: int
    title: str
    adopted_on: date
    vote_id: int | None
    election_id: int | None
    documents: list[str]


class SessionDocumentOut(Schema):
    symbol: str
    title: str
    issued_on: date
    languages: list[str]
    distribution: str
    session_id: int | None
    decisions: list[int]


class TermOut(Schema):
    body: str
    office: str
    member: str | None
    person: str
    starts_on: date
    ends_on: date
    decision: int | None


class HoldersOut(Schema):
    on: date
    council: list[str]
    observers: list[str]
    executive_committee: list[TermOut]
    executive_committee_limits: list[int] | None
    administration: list[TermOut]


def _session(s: Session) -> dict:
    from corridor.governance.special import requesting

    return {"id": s.pk, "organ": s.organ, "number": s.number, "kind": s.kind,
            "opens_on": s.opens_on, "place": s.place, "rule_set": s.rule_set,
            "rule_set_version": s.rule_set_version, "agenda_adopted_on": s.agenda_adopted_on,
            "requested_by": [m.iso3 for m in requesting(s)]}


def _vote(v: Vote) -> dict:
    decision = Decision.objects.filter(vote=v).values_list("number", flat=True).first()
    return {"id": v.pk, "session_id": v.session_id, "title": v.title,
            "decision_kind": v.decision_kind, "method": v.method, "majority": v.majority,
            "members": v.members, "present": v.present, "suspended": v.suspended,
            "result": v.result, "decision": decision,
            "ballots": [{"member": b.member, "vote": b.choice} for b in v.ballots.all()]}


def _election(e: Election) -> dict:
    now = elections.state(e)
    open_round = None if now.elected else now.round
    voted = sorted(BallotCast.objects.filter(election=e, round=now.round)
                   .values_list("member", flat=True)) if open_round else []
    return {"id": e.pk, "session_id": e.session_id, "office": e.office, "majority": e.majority,
            "candidates": e.candidates, "round_open": open_round, "standing": now.standing,
            "voted_this_round": voted, "result": now.result, "elected": now.elected}


def _decision(d: Decision) -> dict:
    return {"id": d.pk, "organ": d.organ, "number": d.number, "session_id": d.session_id,
            "title": d.title, "adopted_on": d.adopted_on, "vote_id": d.vote_id,
            "election_id": d.election_id, "documents": [x.symbol for x in d.documents.all()]}


def _term(t) -> dict:
    decision = getattr(t.election, "decision", None) if t.election_id else None
    return {"body": t.body, "office": t.office, "member": t.member.iso3 if t.member else None,
            "person": t.person, "starts_on": t.starts_on, "ends_on": t.ends_on,
            "decision": decision.number if decision else None}


def _member(code: str | None, field: str) -> MemberState | None:
    if code is None:
        return None
    found = MemberState.objects.filter(iso3=code.upper()).first()
    if found is None:
        raise ValidationFailed([{"where": "body", "field": field,
                                 "message": f"{code} is not a known State"}])
    return found


@router.get("/governance/sessions", response=list[SessionOut], summary="Sessions", auth=VIEW)
def session_list(request: HttpRequest):
    return [_session(s) for s in selectors.session_list(user=request.user)]


@router.post("/governance/sessions", response={201: SessionOut, 403: ErrorOut, 422: InvalidOut},
             summary="Open a session under a rule set (its latest version pinned)", auth=EDIT)
def session_create(request: HttpRequest, payload: SessionIn):
    session = services.session_create(actor=request.user, **payload.dict())
    return Status(201, _session(session))


@router.get("/governance/sessions/{session_id}", response={200: SessionOut, 404: ErrorOut},
            summary="A session", auth=VIEW)
def session_get(request: HttpRequest, session_id: DbId):
    return _session(selectors.session_get(user=request.user, session_id=session_id))


@router.get("/governance/sessions/{session_id}/standing", response={200: StandingOut, 404: ErrorOut},
            summary="Who may vote now: members, present, suspended with the reason, the quorum",
            auth=VIEW)
def session_standing(request: HttpRequest, session_id: DbId):
    session = selectors.session_get(user=request.user, session_id=session_id)
    now = selectors.standing(session, timezone.now())
    return {"members": [m.iso3 for m in now.members], "present": sorted(now.present),
            "suspended": now.suspended, "entitled": now.entitled,
            "present_entitled": now.present_entitled, "quorum": now.quorum,
            "quorum_needed": now.needed}


@router.put("/governance/sessions/{session_id}/attendance",
            response={200: StandingOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
            summary="The delegations present now (those left out leave)", auth=EDIT)
def attendance_set(request: HttpRequest, session_id: DbId, payload: AttendanceIn):
    session = selectors.session_get(user=request.user, session_id=session_id)
    present = [_member(code, "present") for code in payload.present]
    services.attendance_set(actor=request.user, session=session, present=present)
    return session_standing(request, session_id)


@router.post("/governance/sessions/{session_id}/votes",
             response={201: VoteOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Take a roll-call vote: the ballots recorded, the result decided by the "
                     "engine (refused whole, with every problem)", auth=EDIT)
def vote_roll_call(request: HttpRequest, session_id: DbId, payload: RollCallIn):
    session = selectors.session_get(user=request.user, session_id=session_id)
    vote = services.vote_take(actor=request.user, session=session, title=payload.title,
                              decision_kind=payload.decision_kind, choices=payload.ballots,
                              subject=_member(payload.subject, "subject"),
                              documents=payload.documents)
    return Status(201, _vote(vote))


@router.post("/governance/sessions/{session_id}/hands",
             response={201: VoteOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Record a show of hands (counts only)", auth=EDIT)
def vote_hands(request: HttpRequest, session_id: DbId, payload: HandsIn):
    session = selectors.session_get(user=request.user, session_id=session_id)
    data = payload.dict()
    data["subject"] = _member(data.pop("subject"), "subject")
    vote = services.hands_count(actor=request.user, session=session, **data)
    return Status(201, _vote(vote))


@router.get("/governance/votes/{vote_id}", response={200: VoteOut, 404: ErrorOut},
            summary="A vote with its frozen electorate, result and ballots", auth=VIEW)
def vote_get(request: HttpRequest, vote_id: DbId):
    return _vote(selectors.vote_get(user=request.user, vote_id=vote_id))


@router.post("/governance/sessions/{session_id}/elections",
             response={201: ElectionOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Open an election by secret ballot (an Executive Committee seat: "
                     "candidates are ISO3 codes, one election per seat)", auth=EDIT)
def election_open(request: HttpRequest, session_id: DbId, payload: ElectionIn):
    session = selectors.session_get(user=request.user, session_id=session_id)
    election = elections.election_open(actor=request.user, session=session,
                                       office=payload.office, candidates=payload.candidates)
    return Status(201, _election(election))


@router.get("/governance/elections/{election_id}", response={200: ElectionOut, 404: ErrorOut},
            summary="An election: rounds counted, who voted in the open round (never what)",
            auth=VIEW)
def election_get(request: HttpRequest, election_id: DbId):
    return _election(selectors.election_get(user=request.user, election_id=election_id))


@router.post("/governance/elections/{election_id}/ballots",
             response={201: BallotReceiptOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Cast a member's secret ballot in the open round; answers its receipt code "
                     "once (stored only as a hash)", auth=EDIT)
def ballot_cast(request: HttpRequest, election_id: DbId, payload: BallotIn):
    election = selectors.election_get(user=request.user, election_id=election_id)
    number = elections.state(election).round
    receipt = elections.ballot_cast(actor=request.user, election=election,
                                    member=payload.member.upper(), choice=payload.choice)
    return Status(201, {"round": number, "receipt": receipt})


@router.post("/governance/elections/{election_id}/count",
             response={201: ElectionOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Count the open round (the whole election again; the elected's term and "
                     "decision recorded)", auth=EDIT)
def round_close(request: HttpRequest, election_id: DbId):
    election = selectors.election_get(user=request.user, election_id=election_id)
    elections.round_close(actor=request.user, election=election)
    return Status(201, _election(election))


@router.get("/governance/decisions", response=list[DecisionOut],
            summary="Numbered decisions, with their votes, elections and documents", auth=VIEW)
def decision_list(request: HttpRequest, organ: str = "", session_id: int | None = None):
    selectors.session_list(user=request.user)  # the policy check
    found = Decision.objects.prefetch_related("documents")
    if organ:
        found = found.filter(organ=organ)
    if session_id:
        found = found.filter(session_id=session_id)
    return [_decision(d) for d in found]


@router.get("/governance/documents/{path:symbol}", response={200: SessionDocumentOut, 404: ErrorOut},
            summary="A document found by its symbol (e.g. MC/1868)", auth=VIEW)
def document_get(request: HttpRequest, symbol: str):
    selectors.session_list(user=request.user)
    d = agendas.document_by_symbol(symbol)
    return {"symbol": d.symbol, "title": d.title, "issued_on": d.issued_on,
            "languages": d.languages, "distribution": d.distribution, "session_id": d.session_id,
            "decisions": sorted(d.decisions.values_list("number", flat=True))}


@router.get("/governance/memberships", response=HoldersOut,
            summary="Who held which seat or office on a date: the Council's members, observers, "
                    "the Executive Committee's seats, the Administration's offices", auth=VIEW)
def memberships(request: HttpRequest, on: date):
    selectors.session_list(user=request.user)
    held = members.holders_on(on, rules.rules_in_force(on))
    return {"on": on, "council": [m.iso3 for m in held.council],
            "observers": [m.iso3 for m in held.observers],
            "executive_committee": [_term(t) for t in held.committee],
            "executive_committee_limits": list(held.committee_limits) if held.committee_limits
            else None,
            "administration": [_term(t) for t in held.administration]}
