"""How an item is cited and described to machines: BibTeX, CSL-JSON, schema.org JSON-LD, and a
meeting as iCalendar."""

from __future__ import annotations

import datetime as dt
import json

import icalendar
from django.utils import timezone

from corridor.portal import languages
from corridor.portal.models import Item, Kind

SCHEMA_TYPES = {Kind.LEGISLATION: "Legislation", Kind.MEETING: "Event",
                Kind.PUBLICATION: "ScholarlyArticle", Kind.STRUCTURE: "GovernmentOrganization",
                Kind.PROJECT: "ResearchProject", Kind.RESEARCHER: "Person", Kind.LINK: "WebSite",
                Kind.CAMPAIGN: "CreativeWork"}


def _title(item: Item, language: str | None = None) -> str:
    return languages.pick(item.title, language, item.source_language).text


def _bib_escape(value: str) -> str:
    return "".join("\\" + ch if ch in "{}&%$#_" else ch for ch in value)


def bibtex(item: Item, url: str) -> str:
    details = item.details or {}
    entry = {Kind.PUBLICATION: "techreport" if details.get("publication_type") == "report" else "article",
             Kind.LEGISLATION: "misc"}.get(item.kind, "misc")
    fields = {"title": _title(item, item.source_language),
              "author": " and ".join(details.get("authors", [])),
              "year": str(item.year or ""), "publisher": details.get("publisher", ""),
              "institution": details.get("publisher", "") if entry == "techreport" else "",
              "doi": details.get("doi", ""), "url": url, "language": item.source_language}
    body = ",\n".join(f"  {key} = {{{_bib_escape(value)}}}" for key, value in fields.items() if value)
    return f"@{entry}{{{item.slug.replace('-', '_')},\n{body}\n}}\n"


def csl_json(item: Item, url: str) -> list[dict]:
    details = item.details or {}
    kind = {Kind.PUBLICATION: "report" if details.get("publication_type") == "report" else "article",
            Kind.LEGISLATION: "legislation"}.get(item.kind, "webpage")
    record = {"id": item.slug, "type": kind, "title": _title(item, item.source_language),
              "URL": url, "language": item.source_language}
    if details.get("authors"):
        record["author"] = [{"literal": name} for name in details["authors"]]
    if item.year:
        record["issued"] = {"date-parts": [[item.year]]}
    for source, target in (("publisher", "publisher"), ("doi", "DOI")):
        if details.get(source):
            record[target] = details[source]
    return [record]


def json_ld(item: Item, url: str, countries: list[str]) -> str:
    """The item as schema.org JSON-LD, escaped to sit in a <script type="application/ld+json">."""
    details = item.details or {}
    data = {"@context": "https://schema.org", "@type": SCHEMA_TYPES.get(item.kind, "CreativeWork"),
            "name": _title(item), "url": url, "inLanguage": list(item.title)}
    summary = languages.pick(item.summary, None, item.source_language).text
    if summary:
        data["description"] = summary
    if item.kind == Kind.LEGISLATION:
        data["legislationJurisdiction"] = countries
        data["legislationType"] = details.get("instrument_type", "")
        if item.date:
            data["legislationDate"] = item.date.isoformat()
    elif item.kind == Kind.MEETING:
        data["startDate"] = item.date.isoformat() if item.date else None
        data["endDate"] = (item.end_date or item.date).isoformat() if item.date else None
        data["location"] = {"@type": "Place",
                            "name": languages.pick(details.get("place"), None, item.source_language).text}
        data["eventStatus"] = "https://schema.org/EventScheduled"
        data["organizer"] = [{"@type": "Organization", "name": row["name"]}
                             for row in details.get("organisations", []) if row.get("role") == "organiser"]
    elif item.kind == Kind.PUBLICATION:
        data["author"] = [{"@type": "Person", "name": name} for name in details.get("authors", [])]
        if item.year:
            data["datePublished"] = str(item.year)
        if details.get("publisher"):
            data["publisher"] = {"@type": "Organization", "name": details["publisher"]}
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def ical(item: Item, url: str) -> bytes:
    """A meeting as one event (all day over its dates) and one event per timetable session."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Corridor//Migration portal//EN")
    calendar.add("version", "2.0")
    details = item.details or {}
    place = languages.pick(details.get("place"), None, item.source_language).text
    event = icalendar.Event()
    event.add("uid", f"{item.slug}@corridor")
    event.add("summary", _title(item))
    event.add("dtstamp", timezone.now())
    start = item.date or timezone.localdate()
    event.add("dtstart", start)
    event.add("dtend", (item.end_date or start) + dt.timedelta(days=1))
    event.add("location", place)
    event.add("url", url)
    event.add("description", languages.pick(item.summary, None, item.source_language).text)
    calendar.add_component(event)
    for i, row in enumerate(details.get("timetable", [])):
        session = icalendar.Event()
        session.add("uid", f"{item.slug}-{i}@corridor")
        session.add("summary", languages.pick(row.get("title"), None, item.source_language).text)
        session.add("dtstamp", timezone.now())
        begins = dt.datetime.fromisoformat(row["start"])
        session.add("dtstart", begins)
        if row.get("end"):
            session.add("dtend", dt.datetime.fromisoformat(row["end"]))
        session.add("location", " · ".join(filter(None, [place, row.get("room", "")])))
        calendar.add_component(session)
    return calendar.to_ical()
