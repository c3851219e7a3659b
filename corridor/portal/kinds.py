"""The fields of each kind of item, beyond the common ones (title, summary, body, date, countries,
subjects): what `Item.details` may hold, checked on every save of a revision (ADR 0090).

A field is "translated" (a {language: text} object), "text", "url", "date", "datetime", "int",
"choice" (one of a table's codes), "codes" (several), "strings" (a list of names), or "rows" (a list
of objects whose own fields are given)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.portal import languages, vocab
from corridor.portal.models import Kind


@dataclass(frozen=True)
class F:
    name: str
    type: str
    choices: dict | None = None
    rows: tuple = field(default_factory=tuple)  # for "rows": its fields
    required: bool = False


SCHEMA: dict[str, tuple[F, ...]] = {
    Kind.LEGISLATION: (
        F("instrument_type", "choice", vocab.INSTRUMENTS, required=True),
        F("source", "url"), F("source_name", "text"),
        F("versions", "rows", rows=(F("date", "date", required=True),
                                    F("event", "choice", vocab.LEGAL_EVENTS, required=True),
                                    F("note", "translated"))),
    ),
    Kind.STRUCTURE: (
        F("institution", "translated", required=True), F("parent", "translated"),
        F("address", "text"), F("email", "text"), F("phone", "text"), F("website", "url"),
    ),
    Kind.MEETING: (
        F("meeting_type", "choice", vocab.MEETING_TYPES, required=True),
        F("place", "translated", required=True), F("online", "url"),
        F("timetable", "rows", rows=(F("start", "datetime", required=True), F("end", "datetime"),
                                     F("title", "translated", required=True),
                                     F("room", "text"))),
        F("organisations", "rows", rows=(F("name", "text", required=True),
                                         F("country", "text"),
                                         F("role", "choice", vocab.ORGANISATION_ROLES))),
    ),
    Kind.PUBLICATION: (
        F("publication_type", "choice", vocab.PUBLICATION_TYPES, required=True),
        F("authors", "strings", required=True), F("publisher", "text"), F("doi", "text"),
        F("url", "url"), F("pages", "text"),
    ),
    Kind.RESEARCHER: (
        F("name", "text", required=True), F("affiliation", "text", required=True),
        F("expertise", "translated"), F("website", "url"),
    ),
    Kind.PROJECT: (
        F("funder", "text", required=True), F("lead", "text"),
        F("outputs", "rows", rows=(F("title", "translated", required=True), F("url", "url"))),
    ),
    Kind.CAMPAIGN: (
        F("target_groups", "translated"), F("channels", "codes", vocab.CHANNELS),
        F("messages", "rows", rows=(F("text", "translated", required=True),)),
        F("reach", "rows", rows=(F("channel", "choice", vocab.CHANNELS, required=True),
                                 F("country", "text", required=True),
                                 F("people", "int", required=True))),
    ),
    Kind.LINK: (F("url", "url", required=True), F("organisation", "text")),
}
_URL = URLValidator(schemes=["http", "https"])
LABELS = {
    "instrument_type": gettext_lazy("Instrument"), "source": gettext_lazy("Source (web address)"),
    "source_name": gettext_lazy("Source"), "versions": gettext_lazy("Versions"),
    "institution": gettext_lazy("Institution"), "parent": gettext_lazy("Part of"),
    "address": gettext_lazy("Address"), "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Telephone"), "website": gettext_lazy("Website"),
    "meeting_type": gettext_lazy("Type of meeting"), "place": gettext_lazy("Place"),
    "online": gettext_lazy("Online (web address)"), "timetable": gettext_lazy("Timetable"),
    "organisations": gettext_lazy("Participants' organisations"),
    "publication_type": gettext_lazy("Type of publication"), "authors": gettext_lazy("Authors"),
    "publisher": gettext_lazy("Publisher"), "doi": "DOI", "url": gettext_lazy("Web address"),
    "pages": gettext_lazy("Pages"), "name": gettext_lazy("Name"),
    "affiliation": gettext_lazy("Affiliation"), "expertise": gettext_lazy("Expertise"),
    "funder": gettext_lazy("Funder"), "lead": gettext_lazy("Led by"),
    "outputs": gettext_lazy("Outputs"), "target_groups": gettext_lazy("Target groups"),
    "channels": gettext_lazy("Channels"), "messages": gettext_lazy("Messages"),
    "reach": gettext_lazy("Reach"),
}


def _check(f: F, value, where: str, problems: list[dict]) -> object:
    def refuse(message: str) -> None:
        problems.append({"field": where, "message": message})

    if value in (None, "", [], {}):
        if f.required:
            refuse(_("This field is required."))
        return None
    if f.type == "translated":
        if not isinstance(value, dict):
            refuse(_("A text per language is expected."))
            return None
        cleaned = languages.clean(value)
        if f.required and not cleaned:
            refuse(_("This field is required."))
        return cleaned or None
    if f.type in ("text", "url"):
        value = str(value).strip()[:500]
        if f.type == "url":
            try:
                _URL(value)
            except ValidationError:
                refuse(_("Enter a web address starting with http:// or https://."))
        return value
    if f.type in ("date", "datetime"):
        try:
            parsed = (dt.date if f.type == "date" else dt.datetime).fromisoformat(str(value))
        except ValueError:
            refuse(_("Enter a date as YYYY-MM-DD.") if f.type == "date"
                   else _("Enter a date and time as YYYY-MM-DDTHH:MM."))
            return None
        return parsed.isoformat()
    if f.type == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if number < 0:
            refuse(_("Enter a whole number, zero or more."))
        return number
    if f.type == "choice":
        if value not in f.choices:
            refuse(_("Unknown code: %(code)s.") % {"code": value})
        return value
    if f.type == "codes":
        values = value if isinstance(value, list) else [value]
        for code in values:
            if code not in f.choices:
                refuse(_("Unknown code: %(code)s.") % {"code": code})
        return list(dict.fromkeys(values))
    if f.type == "strings":
        values = value if isinstance(value, list) else str(value).split(";")
        return [str(v).strip()[:200] for v in values if str(v).strip()]
    if f.type == "rows":
        if not isinstance(value, list):
            refuse(_("A list is expected."))
            return None
        return [clean_fields(f.rows, row if isinstance(row, dict) else {}, f"{where}[{i}]", problems)
                for i, row in enumerate(value)]
    return value


def clean_fields(fields, data: dict, prefix: str, problems: list[dict]) -> dict:
    known = {f.name for f in fields}
    for unknown in sorted(set(data) - known):
        problems.append({"field": f"{prefix}.{unknown}",
                         "message": _("Unknown field: %(field)s.") % {"field": unknown}})
    result = {}
    for f in fields:
        value = _check(f, data.get(f.name), f"{prefix}.{f.name}", problems)
        if value is not None:
            result[f.name] = value
    return result


def clean_details(kind: str, data: dict, problems: list[dict]) -> dict:
    return clean_fields(SCHEMA[kind], data or {}, "details", problems)


def translated_texts(kind: str, details: dict) -> list[tuple[str, dict]]:
    """Every translated text of the details, as (path, {language: text}) pairs."""
    found = []

    def walk(fields, data, prefix):
        for f in fields:
            value = data.get(f.name)
            if f.type == "translated" and value:
                found.append((prefix + f.name, value))
            elif f.type == "rows" and value:
                for i, row in enumerate(value):
                    walk(f.rows, row, f"{prefix}{f.name}[{i}].")

    walk(SCHEMA.get(kind, ()), details or {}, "")
    return found


def plain_texts(kind: str, details: dict) -> list[str]:
    """The untranslated texts of the details that search should find (names, places)."""
    found = []
    for f in SCHEMA.get(kind, ()):
        value = (details or {}).get(f.name)
        if f.type == "text" and value and f.name not in ("email", "phone"):
            found.append(value)
        elif f.type == "strings" and value:
            found.extend(value)
        elif f.type == "rows" and value:
            found.extend(row.get("name", "") for row in value if isinstance(row, dict))
    return found


def legal_status(details: dict, on: dt.date) -> str:
    """In force, not yet, or repealed on `on`, from the dated versions."""
    events = sorted((row["date"], row["event"]) for row in details.get("versions", [])
                    if row.get("date") and row.get("event"))
    status = "not_yet"
    for day, event in events:
        if day > on.isoformat():
            break
        status = "repealed" if event == "repealed" else (
            "in_force" if event in ("in_force", "amended") else status)
    # An instrument with no separate entry into force is in force once enacted.
    if (status == "not_yet" and events and not any(e == "in_force" for _d, e in events)
            and any(e == "enacted" and d <= on.isoformat() for d, e in events)):
        status = "in_force"
    return status
