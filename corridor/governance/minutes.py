"""Draft minutes of a session (issue 15, item 4), generated from the adopted agenda and the
results: who attended (with their delegations), each item in order, each vote's arithmetic and
outcome, each election's rounds, the numbered decisions with their documents. A page, and a
plain-text file the secretariat downloads and edits in any word processor (no .docx writer is
installed; plain text keeps the draft's structure and every character of every language)."""

from __future__ import annotations

from django.template.loader import render_to_string

from corridor.finance.models import MemberState
from corridor.governance import elections, special
from corridor.governance.models import Session


def context(session: Session) -> dict:
    names = dict(MemberState.objects.values_list("iso3", "name"))
    delegations: dict[str, list] = {}
    for rep in session.representatives.select_related("member"):
        delegations.setdefault(rep.member.name, []).append(rep)
    attended = sorted({a.member.name for a in session.attendance.select_related("member")})
    votes = list(session.votes.all())
    return {
        "session": session,
        "items": list(session.items.prefetch_related("requested_by")),
        "attended": [(name, delegations.get(name, [])) for name in attended],
        "votes": [(v, [(names.get(e["member"], e["member"]), e["reason"])
                       for e in v.result.get("excluded", [])]) for v in votes],
        "elections": [(e, elections.state(e).result) for e in session.elections.all()],
        "decisions": list(session.decisions.prefetch_related("documents")),
        "requesting": special.requesting(session),
    }


def text(session: Session) -> str:
    return render_to_string("governance/minutes.txt", context(session))
