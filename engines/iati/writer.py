"""Streaming writers of IATI 2.03 activity and organisation files.

`iter_activities_xml` takes any iterable of activities (a generator over a database cursor, say)
and yields the file in chunks: each activity is built as one small element, written through
`lxml.etree.xmlfile` and dropped, so memory stays that of one activity whatever the file's size.
Elements follow the schema's sequence order (the XSD checks it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from lxml import etree

from engines.iati.model import (
    IATI_VERSION,
    Activity,
    Budget,
    Org,
    Organisation,
    OrganisationBudget,
    Text,
    Transaction,
    TransactionOrg,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CHUNK_BYTES = 64 * 1024


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _amount(value: Decimal) -> str:
    # Plain notation (never 1E+3): xsd:decimal has no exponent.
    return format(value, "f")


def _narratives(parent: etree._Element, narratives: Text) -> None:
    for n in narratives:
        el = etree.SubElement(parent, "narrative")
        if n.lang:
            el.set(XML_LANG, n.lang)
        el.text = n.text


def _sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None
         ) -> etree._Element:
    """A child with the attributes that are not blank, in the order given (one call into
    lxml per element: the writer's hot path)."""
    if attrs:
        kept = {k: v for k, v in attrs.items() if v}
        if kept:
            return etree.SubElement(parent, tag, kept)
    return etree.SubElement(parent, tag)


def _org(parent: etree._Element, tag: str, org: Org, *, participating: bool = False) -> None:
    if participating:
        el = _sub(parent, tag, {"ref": org.ref, "type": org.type, "role": org.role,
                                "activity-id": org.activity_id})
    else:
        el = _sub(parent, tag, {"ref": org.ref, "type": org.type})
    _narratives(el, org.name)


def _percentage(value: Decimal | None) -> str:
    return "" if value is None else _amount(value)


def _value(parent: etree._Element, value: Decimal, value_date: dt.date, currency: str) -> None:
    el = _sub(parent, "value", {"currency": currency, "value-date": _iso(value_date)})
    el.text = _amount(value)


def _budget(parent: etree._Element, budget: Budget) -> None:
    el = _sub(parent, "budget", {"type": budget.type, "status": budget.status})
    _sub(el, "period-start", {"iso-date": _iso(budget.period_start)})
    _sub(el, "period-end", {"iso-date": _iso(budget.period_end)})
    _value(el, budget.value, budget.value_date, budget.currency)


def _transaction_org(parent: etree._Element, tag: str, org: TransactionOrg) -> None:
    key = "provider-activity-id" if tag == "provider-org" else "receiver-activity-id"
    el = _sub(parent, tag, {"ref": org.ref, key: org.activity_id, "type": org.type})
    _narratives(el, org.name)


def _transaction(parent: etree._Element, tx: Transaction) -> None:
    el = _sub(parent, "transaction", {"ref": tx.ref})
    _sub(el, "transaction-type", {"code": tx.type})
    _sub(el, "transaction-date", {"iso-date": _iso(tx.date)})
    _value(el, tx.value, tx.value_date, tx.currency)
    if tx.description:
        _narratives(_sub(el, "description"), tx.description)
    if tx.provider is not None:
        _transaction_org(el, "provider-org", tx.provider)
    if tx.receiver is not None:
        _transaction_org(el, "receiver-org", tx.receiver)
    for aid in tx.aid_types:
        _sub(el, "aid-type", {"code": aid.code, "vocabulary": aid.vocabulary})


def activity_element(activity: Activity) -> etree._Element:
    """One <iati-activity>, children in the schema's order."""
    a = activity
    root = etree.Element("iati-activity")
    if a.last_updated is not None:
        root.set("last-updated-datetime", a.last_updated.isoformat())
    if a.lang:
        root.set(XML_LANG, a.lang)
    if a.default_currency:
        root.set("default-currency", a.default_currency)
    if a.humanitarian is not None:
        root.set("humanitarian", "1" if a.humanitarian else "0")
    etree.SubElement(root, "iati-identifier").text = a.identifier
    _org(root, "reporting-org", a.reporting_org)
    _narratives(etree.SubElement(root, "title"), a.title)
    _narratives(_sub(root, "description", {"type": "1"}), a.description)
    for org in a.participating_orgs:
        _org(root, "participating-org", org, participating=True)
    _sub(root, "activity-status", {"code": a.status})
    for date in a.dates:
        _sub(root, "activity-date", {"type": date.type, "iso-date": _iso(date.iso_date)})
    for c in a.recipient_countries:
        _sub(root, "recipient-country", {"code": c.code,
                                         "percentage": _percentage(c.percentage)})
    for r in a.recipient_regions:
        _sub(root, "recipient-region", {"code": r.code, "vocabulary": r.vocabulary,
                                        "percentage": _percentage(r.percentage)})
    for s in a.sectors:
        _sub(root, "sector", {"code": s.code, "vocabulary": s.vocabulary,
                              "percentage": _percentage(s.percentage)})
    for t in a.tags:
        el = _sub(root, "tag", {"code": t.code, "vocabulary": t.vocabulary,
                                "vocabulary-uri": t.vocabulary_uri})
        _narratives(el, t.name)
    if a.default_finance_type:
        _sub(root, "default-finance-type", {"code": a.default_finance_type})
    for aid in a.default_aid_types:
        _sub(root, "default-aid-type", {"code": aid.code, "vocabulary": aid.vocabulary})
    for budget in a.budgets:
        _budget(root, budget)
    for tx in a.transactions:
        _transaction(root, tx)
    return root


class _Sink:
    """What xmlfile writes into; the generator hands its bytes on and empties it."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def iter_activities_xml(activities: Iterable[Activity], *,
                        generated: dt.datetime) -> Iterator[bytes]:
    """The activity file in chunks of about CHUNK_BYTES, one activity in memory at a time."""
    sink = _Sink()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", {"version": IATI_VERSION,
                                            "generated-datetime": generated.isoformat()}):
            for activity in activities:
                xf.write(activity_element(activity), pretty_print=True)
                xf.flush()
                if sink.size >= CHUNK_BYTES:
                    yield sink.take()
    yield sink.take()


def _organisation_budget(parent: etree._Element, tag: str, b: OrganisationBudget) -> None:
    el = _sub(parent, tag, {"status": b.status if tag == "total-budget" else ""})
    _sub(el, "period-start", {"iso-date": _iso(b.period_start)})
    _sub(el, "period-end", {"iso-date": _iso(b.period_end)})
    _value(el, b.value, b.value_date, b.currency)


def organisation_element(org: Organisation) -> etree._Element:
    root = etree.Element("iati-organisation")
    if org.last_updated is not None:
        root.set("last-updated-datetime", org.last_updated.isoformat())
    if org.lang:
        root.set(XML_LANG, org.lang)
    if org.default_currency:
        root.set("default-currency", org.default_currency)
    etree.SubElement(root, "organisation-identifier").text = org.identifier
    _narratives(etree.SubElement(root, "name"), org.name)
    _org(root, "reporting-org", org.reporting_org)
    for b in org.total_budgets:
        _organisation_budget(root, "total-budget", b)
    for b in org.total_expenditure:
        _organisation_budget(root, "total-expenditure", b)
    return root


def iter_organisations_xml(organisations: Iterable[Organisation], *,
                           generated: dt.datetime) -> Iterator[bytes]:
    sink = _Sink()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-organisations", {"version": IATI_VERSION,
                                               "generated-datetime": generated.isoformat()}):
            for org in organisations:
                xf.write(organisation_element(org), pretty_print=True)
                xf.flush()
    yield sink.take()
