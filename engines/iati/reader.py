"""Reading IATI 2.03 activity files back into `Activity` objects, streamed.

`iter_activities(source)` walks the file with `iterparse`, builds each activity when its end
tag is read, then clears the element and drops the ones before it: memory stays that of one
activity. It reads the parts `model.Activity` holds and ignores the rest of the standard
(locations, results…). It assumes a file that `validator.validate` accepted; what it cannot
read (a value that is not a number) raises `IatiError` naming the activity, path and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from engines.iati.model import (
    Activity,
    ActivityDate,
    AidType,
    Budget,
    Narrative,
    Org,
    RecipientCountry,
    RecipientRegion,
    Sector,
    Tag,
    Text,
    Transaction,
    TransactionOrg,
)
from engines.iati.validator import XML_LANG, IatiError, Problem


class _Context:
    def __init__(self, activity: etree._Element) -> None:
        self.activity = activity
        self.identifier = (activity.findtext("iati-identifier") or "").strip()

    def fail(self, element: etree._Element, message: str) -> IatiError:
        path = element.getroottree().getpath(element)
        return IatiError([Problem(self.identifier, path, element.sourceline, message)])

    def decimal(self, element: etree._Element, value: str | None) -> Decimal:
        try:
            return Decimal((value or "").strip())
        except InvalidOperation:
            raise self.fail(element, f"'{value}' is not a number") from None

    def optional_decimal(self, element: etree._Element, value: str | None) -> Decimal | None:
        return None if value is None else self.decimal(element, value)

    def date(self, element: etree._Element | None, attribute: str = "iso-date") -> dt.date:
        if element is None:
            raise self.fail(self.activity, "a required date is missing")
        value = element.get(attribute) or ""
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise self.fail(element, f"'{value}' is not a date (YYYY-MM-DD)") from None


def _text(element: etree._Element | None) -> Text:
    if element is None:
        return ()
    return tuple(Narrative((n.text or ""), n.get(XML_LANG, ""))
                 for n in element.iterchildren("narrative"))


def _org(element: etree._Element) -> Org:
    return Org(ref=element.get("ref", ""), type=element.get("type", ""), name=_text(element),
               role=element.get("role", ""), activity_id=element.get("activity-id", ""))


def _transaction_org(element: etree._Element | None, key: str) -> TransactionOrg | None:
    if element is None:
        return None
    return TransactionOrg(ref=element.get("ref", ""), type=element.get("type", ""),
                          name=_text(element), activity_id=element.get(key, ""))


def _budget(ctx: _Context, el: etree._Element) -> Budget:
    value = el.find("value")
    if value is None:
        raise ctx.fail(el, "a budget needs a value")
    return Budget(period_start=ctx.date(el.find("period-start")),
                  period_end=ctx.date(el.find("period-end")),
                  value=ctx.decimal(value, value.text), value_date=ctx.date(value, "value-date"),
                  currency=value.get("currency", ""), type=el.get("type", "1"),
                  status=el.get("status", "1"))


def _transaction(ctx: _Context, el: etree._Element) -> Transaction:
    value, kind = el.find("value"), el.find("transaction-type")
    if value is None or kind is None:
        raise ctx.fail(el, "a transaction needs a type and a value")
    return Transaction(type=kind.get("code", ""), date=ctx.date(el.find("transaction-date")),
                       value=ctx.decimal(value, value.text),
                       value_date=ctx.date(value, "value-date"),
                       currency=value.get("currency", ""), ref=el.get("ref", ""),
                       description=_text(el.find("description")),
                       provider=_transaction_org(el.find("provider-org"),
                                                 "provider-activity-id"),
                       receiver=_transaction_org(el.find("receiver-org"),
                                                 "receiver-activity-id"),
                       aid_types=tuple(AidType(a.get("code", ""), a.get("vocabulary", "1"))
                                       for a in el.iterchildren("aid-type")))


def _last_updated(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def activity_from_element(el: etree._Element) -> Activity:
    ctx = _Context(el)
    reporting = el.find("reporting-org")
    if reporting is None:
        raise ctx.fail(el, "an activity needs a reporting-org")
    description = next((d for d in el.iterchildren("description")
                        if d.get("type", "1") == "1"), None)
    humanitarian = el.get("humanitarian")
    try:
        last_updated = _last_updated(el.get("last-updated-datetime"))
    except ValueError:
        raise ctx.fail(el, "last-updated-datetime is not a date and time") from None
    return Activity(
        identifier=ctx.identifier,
        reporting_org=_org(reporting),
        title=_text(el.find("title")),
        description=_text(description),
        status=(el.find("activity-status").get("code", "")
                if el.find("activity-status") is not None else ""),
        dates=tuple(ActivityDate(d.get("type", ""), ctx.date(d))
                    for d in el.iterchildren("activity-date")),
        participating_orgs=tuple(_org(p) for p in el.iterchildren("participating-org")),
        default_currency=el.get("default-currency", ""),
        lang=el.get(XML_LANG, ""),
        humanitarian=None if humanitarian is None else humanitarian in ("1", "true"),
        last_updated=last_updated,
        recipient_countries=tuple(
            RecipientCountry(c.get("code", ""), ctx.optional_decimal(c, c.get("percentage")))
            for c in el.iterchildren("recipient-country")),
        recipient_regions=tuple(
            RecipientRegion(r.get("code", ""), r.get("vocabulary", "1"),
                            ctx.optional_decimal(r, r.get("percentage")))
            for r in el.iterchildren("recipient-region")),
        sectors=tuple(Sector(s.get("code", ""), s.get("vocabulary", "1"),
                             ctx.optional_decimal(s, s.get("percentage")))
                      for s in el.iterchildren("sector")),
        tags=tuple(Tag(t.get("code", ""), t.get("vocabulary", ""), _text(t),
                       t.get("vocabulary-uri", ""))
                   for t in el.iterchildren("tag")),
        default_finance_type=(el.find("default-finance-type").get("code", "")
                              if el.find("default-finance-type") is not None else ""),
        default_aid_types=tuple(AidType(a.get("code", ""), a.get("vocabulary", "1"))
                                for a in el.iterchildren("default-aid-type")),
        budgets=tuple(_budget(ctx, b) for b in el.iterchildren("budget")),
        transactions=tuple(_transaction(ctx, t) for t in el.iterchildren("transaction")),
    )


def iter_activities(source: str | Path | BinaryIO) -> Iterator[tuple[Activity, int]]:
    """Each activity of the file with the line it starts on, one in memory at a time."""
    src = str(source) if isinstance(source, Path) else source
    for _event, el in etree.iterparse(src, events=("end",), tag="iati-activity",
                                      resolve_entities=False, no_network=True,
                                      huge_tree=True, remove_comments=True):
        line = el.sourceline or 0
        activity = activity_from_element(el)
        el.clear(keep_tail=False)
        parent = el.getparent()
        while parent is not None and el.getprevious() is not None:
            del parent[0]
        yield activity, line
