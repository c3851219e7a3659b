"""Validation of an IATI 2.03 file: the official schema, every official codelist, the core rules.

    problems = validate(path_or_bytes, today=dt.date(2026, 12, 7))

returns every problem found (an empty list: valid), each naming the activity (its identifier,
or the organisation's), the element's path in the file and its line. The three layers:

1. XML Schema: iati-activities-schema.xsd or iati-organisations-schema.xsd (standard/, 2.03);
2. codelists: every coded attribute against its codelist (codelists.MAPPINGS), every xml:lang
   against Language;
3. the core rules of the standard (the IATI ruleset's "must"s for 2.03): the activity identifier
   starts with the reporting organisation's ref; per vocabulary, sector percentages sum to 100
   exactly, and so do recipient-country plus recipient-region percentages; no transaction is
   dated after `today`; a budget's period-end is not before its period-start nor more than one
   year after it.

`today` is an argument, never the clock, so that a file's verdict does not depend on when the
tests run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from lxml import etree

from engines.iati import codelists
from engines.iati.codelists import STANDARD

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Problem:
    activity: str  # iati-identifier (or organisation-identifier); blank when not in one
    path: str  # the element's XPath in the file, with the attribute after "/@"
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        who = f"{self.activity}: " if self.activity else ""
        return f"{where}{who}{self.path}: {self.message}"


class IatiError(Exception):
    """A file refused; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5])
                         + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))


def _parser() -> etree.XMLParser:
    # No entities, no network: a file from outside cannot read local files or call out.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                           remove_comments=True)


@cache
def schema(kind: str) -> etree.XMLSchema:
    name = {"activities": "iati-activities-schema.xsd",
            "organisations": "iati-organisations-schema.xsd"}[kind]
    return etree.XMLSchema(etree.parse(str(STANDARD / name), _parser()))


def parse(source: str | Path | bytes) -> etree._ElementTree:
    if isinstance(source, bytes):
        return etree.ElementTree(etree.fromstring(source, _parser()))
    return etree.parse(str(source), _parser())


def _owner(element: etree._Element | None) -> str:
    """The identifier of the activity (or organisation) an element lies in."""
    while element is not None:
        if element.tag == "iati-activity":
            return (element.findtext("iati-identifier") or "").strip()
        if element.tag == "iati-organisation":
            return (element.findtext("organisation-identifier") or "").strip()
        element = element.getparent()
    return ""


class _Collector:
    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self.problems: list[Problem] = []

    def add(self, element: etree._Element, message: str, attribute: str = "") -> None:
        path = self.tree.getpath(element) + (f"/@{attribute}" if attribute else "")
        self.problems.append(Problem(_owner(element), path, element.sourceline, message))


def _schema_problems(tree: etree._ElementTree, kind: str, out: _Collector) -> None:
    xsd = schema(kind)
    try:
        if xsd.validate(tree):
            return
    except etree.XMLSchemaValidateError as exc:
        out.add(tree.getroot(), f"the file could not be checked against the schema: {exc}")
        return
    for error in xsd.error_log:
        found = tree.xpath(error.path) if error.path else []
        element = found[0] if found and isinstance(found[0], etree._Element) else None
        out.problems.append(Problem(_owner(element), error.path or "", error.line,
                                    error.message))


def _relative_path(element: etree._Element, root: etree._Element) -> str:
    names = []
    while element is not None and element is not root:
        names.append(element.tag)
        element = element.getparent()
    return "/".join(reversed(names))


def _codelist_problems(tree: etree._ElementTree, out: _Collector) -> None:
    by_path = codelists.mappings_by_path()
    languages = codelists.codes(codelists.LANGUAGE_CODELIST)
    root = tree.getroot()
    for mapping in by_path.get(root.tag, ()):
        _check_code(root, mapping, out)
    for element in root.iter(etree.Element):
        lang = element.get(XML_LANG)
        if lang is not None and lang not in languages:
            out.add(element, f"'{lang}' is not in the Language codelist", "xml:lang")
        if element is root:
            continue
        for mapping in by_path.get(_relative_path(element, root), ()):
            _check_code(element, mapping, out)


def _check_code(element: etree._Element, mapping: codelists.Mapping, out: _Collector) -> None:
    if not codelists.applies(mapping, element):
        return
    if mapping.attribute == "text()":
        value = (element.text or "").strip()
        if not value:
            return
    else:
        value = element.get(mapping.attribute)
        if value is None:
            return
    if value not in codelists.codes(mapping.codelist):
        out.add(element, f"'{value}' is not in the {mapping.codelist} codelist",
                "" if mapping.attribute == "text()" else mapping.attribute)


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        return None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def one_year_after(day: dt.date) -> dt.date:
    """The same day a year later (29 February gives 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _percentages_sum(elements: list[etree._Element], what: str, anchor: etree._Element,
                     out: _Collector) -> None:
    """A single element may leave its percentage out (it is 100); otherwise all give one and
    they sum to exactly 100."""
    if not elements:
        return
    values = [_decimal(e.get("percentage")) for e in elements]
    if len(elements) == 1 and values[0] is None:
        return
    for element, value in zip(elements, values, strict=True):
        if value is None:
            out.add(element, f"{what}: every one needs a percentage when there are several",
                    "percentage")
    if any(v is None for v in values):
        return
    total = sum(values, Decimal(0))
    if total != HUNDRED:
        out.add(anchor, f"{what} percentages sum to {total}, not 100")


def _rules_activity(activity: etree._Element, today: dt.date, out: _Collector) -> None:
    identifier = (activity.findtext("iati-identifier") or "").strip()
    reporting = activity.find("reporting-org")
    ref = (reporting.get("ref") or "").strip() if reporting is not None else ""
    id_element = activity.find("iati-identifier")
    if ref and id_element is not None and not identifier.startswith(ref):
        out.add(id_element, f"the identifier does not start with the reporting "
                            f"organisation's ref '{ref}'")
    sectors: dict[str, list[etree._Element]] = defaultdict(list)
    for sector in activity.findall("sector"):
        sectors[sector.get("vocabulary", "1")].append(sector)
    for vocabulary, group in sorted(sectors.items()):
        _percentages_sum(group, f"sectors of vocabulary {vocabulary}", group[0], out)
    places = activity.findall("recipient-country") + activity.findall("recipient-region")
    if places:
        _percentages_sum(places, "recipient countries and regions", places[0], out)
    for tx in activity.findall("transaction"):
        date_element = tx.find("transaction-date")
        day = _date(date_element.get("iso-date")) if date_element is not None else None
        if day is not None and day > today:
            out.add(date_element, f"the transaction is dated {day}, after today ({today})",
                    "iso-date")
    for budget in activity.findall("budget"):
        _budget_period(budget, out)


def _budget_period(budget: etree._Element, out: _Collector) -> None:
    start_el, end_el = budget.find("period-start"), budget.find("period-end")
    if start_el is None or end_el is None:
        return
    start, end = _date(start_el.get("iso-date")), _date(end_el.get("iso-date"))
    if start is None or end is None:
        return
    if end < start:
        out.add(end_el, f"the period ends ({end}) before it starts ({start})", "iso-date")
    elif end > one_year_after(start):
        out.add(end_el, f"the period {start} to {end} is longer than a year", "iso-date")


def validate_tree(tree: etree._ElementTree, *, today: dt.date) -> list[Problem]:
    root = tree.getroot()
    kind = {"iati-activities": "activities", "iati-organisations": "organisations"}.get(root.tag)
    out = _Collector(tree)
    if tree.docinfo.internalDTD is not None:
        # IATI files have no DOCTYPE; one with an internal subset can only bring entities.
        out.add(root, "a DOCTYPE is not allowed in an IATI file")
        return out.problems
    if kind is None:
        out.add(root, "the root element is neither iati-activities nor iati-organisations")
        return out.problems
    _schema_problems(tree, kind, out)
    _codelist_problems(tree, out)
    if kind == "activities":
        for activity in root.iterchildren("iati-activity"):
            _rules_activity(activity, today, out)
    else:
        for org in root.iterchildren("iati-organisation"):
            for budget in org.findall("total-budget") + org.findall("total-expenditure"):
                _budget_period(budget, out)
    return out.problems


def validate(source: str | Path | bytes, *, today: dt.date) -> list[Problem]:
    """Every problem of the file; a file that is not XML gives one problem with its line."""
    try:
        tree = parse(source)
    except etree.XMLSyntaxError as exc:
        return [Problem("", "", exc.lineno, f"not well-formed XML: {exc.msg}")]
    return validate_tree(tree, today=today)
