"""Special sessions asked for by members (issue 15, item 2): a request gathers the members
asking; once as many have asked as the rule set's fraction of the membership (a third in both
shipped constitutions, `special_session_request`), the secretariat convenes the session, which
keeps the request and its members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.finance.models import MemberState
from corridor.governance import selectors
from corridor.governance.models import (
    Organ,
    Session,
    SessionKind,
    SpecialSessionRequest,
    SpecialSessionSupport,
)
from corridor.governance.rules import pin, rules_of
from corridor.governance.services import _refuse, _require, session_create


@dataclass(frozen=True)
class Count:
    asking: int
    members: int
    needed: int  # the fewest asking that convene
    enough: bool


def count(request: SpecialSessionRequest, on: date) -> Count:
    rules = rules_of(*pin(request.rule_set))
    members = {m.pk for m in selectors.members_on(on)}
    asking = request.supports.filter(member_id__in=members).count()
    needed = rules.special_session_request.fewest(len(members))
    return Count(asking, len(members), needed, asking >= needed)


@transaction.atomic
def request_open(*, actor, organ: str, purpose: str, opened_on: date,
                 rule_set: str = "constitution-1996") -> SpecialSessionRequest:
    _require(actor)
    if organ not in Organ.values:
        _refuse("organ", f"unknown organ {organ!r}")
    if not purpose.strip():
        _refuse("purpose", _("Say what the special session is for."))
    key, _version = pin(rule_set)
    request = SpecialSessionRequest.objects.create(organ=organ, purpose=purpose.strip(),
                                                   opened_on=opened_on, rule_set=key,
                                                   created_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=request,
                 summary=f"Special session requested: {request.purpose[:80]}")
    return request


@transaction.atomic
def request_support(*, actor, request: SpecialSessionRequest, members: list[MemberState],
                    on: date) -> None:
    """Members asking (each once; only member States on the day)."""
    _require(actor)
    SpecialSessionRequest.objects.select_for_update().filter(pk=request.pk).first()
    if request.session_id is not None:
        _refuse("members", _("The special session is convened already."))
    if not members:
        _refuse("members", _("Name the members asking."))
    current = {m.pk for m in selectors.members_on(on)}
    asked = set(request.supports.values_list("member_id", flat=True))
    problems = [{"field": "members", "message": _("%(code)s is not a member State on %(day)s.")
                 % {"code": m.iso3, "day": on.isoformat()}} for m in members if m.pk not in current]
    problems += [{"field": "members", "message": _("%(code)s has asked already.") % {"code": m.iso3}}
                 for m in members if m.pk in asked]
    if problems:
        from corridor.core.errors import ValidationFailed

        raise ValidationFailed(problems)
    SpecialSessionSupport.objects.bulk_create(
        [SpecialSessionSupport(request=request, member=m, requested_on=on) for m in members])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=request,
                 summary="Members asking for a special session",
                 changes={"asking": sorted(m.iso3 for m in members)})


@transaction.atomic
def request_convene(*, actor, request: SpecialSessionRequest, number: int, opens_on: date,
                    place: str = "") -> Session:
    """The special session, once enough members have asked (counted on the day it is
    convened); refused with the count otherwise."""
    _require(actor)
    SpecialSessionRequest.objects.select_for_update().filter(pk=request.pk).first()
    request.refresh_from_db()
    if request.session_id is not None:
        _refuse("request", _("The special session is convened already."))
    counted = count(request, opens_on)
    if not counted.enough:
        _refuse("request", _("%(asking)s of %(members)s members have asked; a special session "
                             "needs %(needed)s.") % {"asking": counted.asking,
                                                     "members": counted.members,
                                                     "needed": counted.needed})
    session = session_create(actor=actor, organ=request.organ, number=number,
                             kind=SessionKind.SPECIAL, opens_on=opens_on, place=place,
                             rule_set=request.rule_set)
    SpecialSessionRequest.objects.filter(pk=request.pk).update(session=session)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=request,
                 summary=f"Special session convened: {session}")
    return session


def requesting(session: Session) -> list[MemberState]:
    request = getattr(session, "request", None)
    if request is None:
        return []
    return [s.member for s in request.supports.select_related("member")]
