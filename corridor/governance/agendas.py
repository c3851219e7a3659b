"""A session's agenda — provisional, then adopted — with additional items requested by members
with an explanatory memorandum, and the session's documents, found by their symbol."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.db.models import Max

from corridor.core.audit import audit_record
from corridor.core.errors import NotFound
from corridor.core.models import AuditAction
from corridor.finance.models import MemberState
from corridor.governance.models import AgendaItem, Distribution, Document, Session
from corridor.governance.services import _refuse, _require

SYMBOL = re.compile(r"[A-Z]{1,10}(/[A-Z0-9.\-]{1,12}){1,4}")
LANGUAGES = ("en", "fr", "es", "ar")


@transaction.atomic
def document_add(*, actor, symbol: str, title: str, issued_on: date, languages: list[str],
                 distribution: str, session: Session | None = None) -> Document:
    _require(actor)
    symbol = symbol.strip().upper()
    problems = []
    if not SYMBOL.fullmatch(symbol):
        problems.append({"field": "symbol", "message":
                         f"{symbol!r} is not a document symbol such as MC/1868 or MC/INF/245"})
    elif Document.objects.filter(symbol=symbol).exists():
        problems.append({"field": "symbol", "message": f"{symbol} exists already"})
    if not title.strip():
        problems.append({"field": "title", "message": "Give the document's title."})
    unknown = sorted(set(languages) - set(LANGUAGES))
    if unknown or not languages:
        problems.append({"field": "languages", "message": "Choose the languages it is issued in."})
    if distribution not in Distribution.values:
        problems.append({"field": "distribution", "message": "Choose its distribution."})
    if problems:
        from corridor.core.errors import ValidationFailed

        raise ValidationFailed(problems)
    document = Document.objects.create(symbol=symbol, title=title.strip(), issued_on=issued_on,
                                       languages=sorted(set(languages)),
                                       distribution=distribution, session=session)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=document, summary=symbol)
    return document


def document_by_symbol(symbol: str) -> Document:
    try:
        return Document.objects.get(symbol=symbol.strip().upper())
    except Document.DoesNotExist:
        raise NotFound(f"No document {symbol.strip().upper()}") from None


@transaction.atomic
def item_add(*, actor, session: Session, title: str, additional: bool = False,
             memorandum: str = "", requested_by: list[MemberState] = (),
             document: Document | None = None) -> AgendaItem:
    """An item of the provisional agenda, or — once it is adopted — an additional item, which
    members request with an explanatory memorandum."""
    _require(actor)
    Session.objects.select_for_update().filter(pk=session.pk).first()
    session.refresh_from_db()
    if not title.strip():
        _refuse("title", "Give the item's title.")
    if session.agenda_adopted_on is not None and not additional:
        _refuse("additional", "The agenda is adopted: only an additional item can be added.")
    if additional and not requested_by:
        _refuse("requested_by", "Name the members requesting the additional item.")
    if additional and not memorandum.strip():
        _refuse("memorandum", "An additional item comes with an explanatory memorandum.")
    number = (session.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = AgendaItem.objects.create(session=session, number=number, title=title.strip(),
                                     additional=additional, memorandum=memorandum.strip(),
                                     document=document)
    item.requested_by.set(requested_by)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=item,
                 summary=f"{session}: item {number}",
                 changes={"requested_by": sorted(m.iso3 for m in requested_by)})
    return item


@transaction.atomic
def agenda_adopt(*, actor, session: Session, on: date) -> Session:
    _require(actor)
    if session.agenda_adopted_on is not None:
        _refuse("agenda", "The agenda is adopted already.")
    if not session.items.exists():
        _refuse("agenda", "The agenda has no item.")
    Session.objects.filter(pk=session.pk).update(agenda_adopted_on=on)
    session.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=session,
                 summary=f"{session}: agenda adopted")
    return session
