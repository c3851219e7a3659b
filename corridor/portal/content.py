"""An item's content as a revision holds it: checking and cleaning a snapshot (texts per language,
the kind's details, countries, subjects, dates), sanitising HTML, and reading a snapshot back."""

from __future__ import annotations

import datetime as dt

import nh3
import pycountry
from django.utils.translation import gettext as _

from corridor.core.errors import ValidationFailed
from corridor.portal import kinds, languages, vocab

TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote",
        "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr", "cite", "q", "sup", "sub",
        "dl", "dt", "dd", "span"}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"},
              "td": {"colspan", "rowspan"}, "*": {"lang", "dir"}}


def sanitise(html: str) -> str:
    return nh3.clean(html or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer")


def country_code(value: str) -> str:
    """ISO alpha-3 from an alpha-2 or alpha-3 code (`FR` or `FRA`), or "" when unknown."""
    value = (value or "").strip().upper()
    country = pycountry.countries.get(alpha_3=value) if len(value) == 3 else (
        pycountry.countries.get(alpha_2=value) if len(value) == 2 else None)
    return country.alpha_3 if country else ""


def _date(value, field: str, problems: list[dict]) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        problems.append({"field": field, "message": _("Enter a date as YYYY-MM-DD.")})
        return None


def clean_snapshot(kind: str, source_language: str, data: dict) -> dict:
    """The snapshot to store, or ValidationFailed listing every problem (field by field)."""
    problems: list[dict] = []
    title = languages.clean(data.get("title"))
    if source_language not in languages.codes():
        problems.append({"field": "source_language", "message": _("Unknown language.")})
    elif not title.get(source_language):
        problems.append({"field": f"title.{source_language}",
                         "message": _("A title in the source language is required.")})
    for code, value in title.items():
        if len(value) > 300:
            problems.append({"field": f"title.{code}", "message": _("At most 300 characters.")})
    countries = []
    for code in data.get("countries") or []:
        alpha3 = country_code(code)
        if not alpha3:
            problems.append({"field": "countries",
                             "message": _("Unknown country: %(code)s.") % {"code": code}})
        elif alpha3 not in countries:
            countries.append(alpha3)
    subjects = list(dict.fromkeys(data.get("subjects") or []))
    for code in subjects:
        if code not in vocab.SUBJECTS:
            problems.append({"field": "subjects",
                             "message": _("Unknown subject: %(code)s.") % {"code": code}})
    details = kinds.clean_details(kind, data.get("details") or {}, problems)
    start = _date(data.get("date"), "date", problems)
    end = _date(data.get("end_date"), "end_date", problems)
    if start and end and end < start:
        problems.append({"field": "end_date", "message": _("The end is before the start.")})
    if problems:
        raise ValidationFailed(problems)
    return {"title": title, "summary": languages.clean(data.get("summary")),
            "body": {code: sanitise(html) for code, html in languages.clean(data.get("body")).items()},
            "details": details, "countries": countries, "subjects": subjects,
            "date": start, "end_date": end, "year": int(start[:4]) if start else None}


def flatten(data: dict, kind: str) -> dict[str, dict[str, str]]:
    """Every translated text of a snapshot: {path: {language: text}} (what diffs compare)."""
    result = {"title": data.get("title") or {}, "summary": data.get("summary") or {},
              "body": data.get("body") or {}}
    result.update(dict(kinds.translated_texts(kind, data.get("details") or {})))
    return result


def languages_of(data: dict) -> list[str]:
    return [code for code in languages.codes() if (data.get("title") or {}).get(code)]
