"""What a flow import expects, written once from the engine's schema (engines/flowstats/schema.py)
and the accepted header names (parsing.py): the import page's column tables and the template
files a data officer fills in (issue 18, item 12)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from corridor.core.exports import xlsx_bytes
from corridor.flows.parsing import ALIASES, HASHTAGS
from engines.flowstats import schema
from engines.flowstats.schema import SPECS

# What a value of each kind of column looks like, for the reader.
VALUES = {
    "date": _("a date, YYYY-MM-DD"),
    "count": _("a whole number, 0 or more"),
    "code": _("a code (text, at most 100 characters)"),
    "iso3": _("a country's ISO 3166 three-letter code, e.g. SDN"),
    "pcode": _("the P-code of an administrative area of the gazetteer, e.g. SD01"),
    "direction": _("in or out"),
    "sex": ", ".join(schema.SEXES),
    "age_group": ", ".join(schema.AGE_GROUPS),
    "consent": _("yes or no (a row without consent is refused)"),
    "round": _("the round's number"),
    "assessment_type": ", ".join(schema.ASSESSMENT_TYPES),
    "population_type": ", ".join(schema.POPULATION_TYPES),
}
# Columns whose meaning the kind of value does not say.
MEANINGS = {
    "point": _("the flow monitoring point's code, as on the Points page"),
    "survey_id": _("the interview's identifier from the collection tool (its uuid)"),
    "site_id": _("the site's code, for a site assessment"),
    "period": _("when the people were displaced, as a code of the round"),
    "individuals": _("people counted"),
    "households": _("households counted"),
}


@dataclass(frozen=True)
class ColumnHelp:
    name: str
    required: bool
    value: str
    hashtag: str
    also: tuple[str, ...]


def columns(kind: str) -> list[ColumnHelp]:
    """The columns of `kind` in the engine's order, each with what it holds, its HXL hashtag and
    the other header names it is recognised by."""
    tags: dict[str, str] = {}
    for tag, name in HASHTAGS[kind].items():
        tags.setdefault(name, tag)
    aliases: dict[str, list[str]] = {}
    for alias, name in ALIASES[kind].items():
        aliases.setdefault(name, []).append(alias)
    return [ColumnHelp(name=c.name, required=c.required,
                       value=str(MEANINGS.get(c.name, VALUES[c.kind])),
                       hashtag=tags.get(c.name, ""), also=tuple(aliases.get(c.name, ())))
            for c in SPECS[kind].columns]


def template(kind: str, fmt: str) -> bytes:
    """An empty file of `kind` with its header row and, under it, the HXL hashtag row (the
    import reads either as the header)."""
    help_rows = columns(kind)
    names = [c.name for c in help_rows]
    hashtags = [c.hashtag for c in help_rows]
    if fmt == "xlsx":
        return xlsx_bytes(str(SPECS[kind].kind), names, [hashtags])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerow(hashtags)
    return out.getvalue().encode("utf-8")
