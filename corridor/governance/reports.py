"""A session's attendance list and results as PDF (issue 15, item 4), in the reader's language:
the delegations present, those whose vote is suspended and why, each vote's arithmetic and
outcome, each election's rounds, and the decisions — never a secret ballot's single votes."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from corridor.finance.models import MemberState
from corridor.governance import elections, selectors
from corridor.governance.models import Session


def session_pdf(session: Session, *, language: str) -> bytes:
    from weasyprint import HTML  # a heavy import, paid only when a PDF is asked for

    names = dict(MemberState.objects.values_list("iso3", "name"))
    standing = selectors.standing(session, timezone.now())
    present = sorted(session.attendance.select_related("member"),
                     key=lambda a: (a.member.name, a.arrived_at))
    html = render_to_string("governance/session_pdf.html", {
        "session": session, "LANGUAGE_CODE": language, "standing": standing,
        "present": present, "names": names,
        "votes": [(v, [(names.get(e["member"], e["member"]), e["reason"])
                       for e in v.result.get("excluded", [])]) for v in session.votes.all()],
        "elections": [(e, elections.state(e).result) for e in session.elections.all()],
        "decisions": session.decisions.all()})
    return HTML(string=html).write_pdf()
