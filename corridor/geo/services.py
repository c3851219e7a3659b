"""Writes to the gazetteer: import admin areas (CSV, Excel or HXL) and sites, all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditAction
from corridor.geo import codes
from corridor.geo.models import AdminArea, Site, SiteKind
from corridor.geo.tabular import Table, read_table

PCODE = re.compile(r"[A-Z]{2,3}[A-Z0-9]*")

# Long form: one area per row.
_LONG_NAMES = {"pcode": "pcode", "p_code": "pcode", "name": "name", "level": "level",
               "admin_level": "level", "country": "country", "iso3": "country",
               "parent": "parent", "parent_pcode": "parent", "latitude": "latitude", "lat": "latitude",
               "longitude": "longitude", "lon": "longitude", "lng": "longitude"}
_LONG_TAGS = {"#country+code": "country", "#geo+lat": "latitude", "#geo+lon": "longitude"}


@dataclass(frozen=True)
class AreaRow:
    row: int
    pcode: str
    name: str
    level: int
    country: str
    parent: str
    latitude: Decimal | None
    longitude: Decimal | None


@dataclass(frozen=True)
class GazetteerReport:
    created: int
    updated: int
    unchanged: int


def _coordinate(text: str, limit: int, problems: list, where: str, field: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text).quantize(Decimal("0.00001"))
    except InvalidOperation:
        problems.append({"where": where, "field": field, "message": _("not a number (%s)") % text})
        return None
    if abs(value) > limit:
        problems.append({"where": where, "field": field, "message": _("out of range (%s)") % text})
        return None
    return value


def _admin_columns(table: Table) -> dict[int, tuple[int, str]]:
    """Wide (COD) form: columns such as ADM1_PCODE / ADM1_EN or #adm1+code / #adm1+name."""
    found: dict[int, tuple[int, str]] = {}
    for index, name in enumerate(table.header):
        tag = table.hashtags[index] if table.hashtags else ""
        match = re.fullmatch(r"#adm([0-3])\+(code|name)", tag) or re.fullmatch(
            r"adm([0-3])_(pcode|en|name)", name)
        if match:
            found[index] = (int(match.group(1)), "code" if match.group(2) in ("code", "pcode") else "name")
    return found


def _rows(table: Table) -> tuple[list[AreaRow], list[dict]]:
    problems: list[dict] = []
    rows: list[AreaRow] = []
    names = table.column_names(_LONG_TAGS, _LONG_NAMES)
    wide = _admin_columns(table)
    position = {n: i for i, n in reversed(list(enumerate(names)))}

    def cell(values: list[str], name: str) -> str:
        return values[position[name]].strip() if name in position else ""

    if not wide and "pcode" not in position:
        raise ValidationFailed([{"where": table.source, "field": "pcode",
                                 "message": _("no P-code column (pcode, ADM1_PCODE or #adm1+code)")}])
    for offset, values in enumerate(table.rows):
        number = table.first_row + offset
        where = _("%(source)s, row %(row)d") % {"source": table.source, "row": number}
        country = cell(values, "country").upper()
        latitude = _coordinate(cell(values, "latitude"), 90, problems, where, "latitude")
        longitude = _coordinate(cell(values, "longitude"), 180, problems, where, "longitude")
        if wide:
            levels: dict[int, dict[str, str]] = {}
            for index, (level, part) in wide.items():
                levels.setdefault(level, {})[part] = values[index].strip()
            chain = [(lv, levels[lv]) for lv in sorted(levels) if levels[lv].get("code")]
            if not chain:
                problems.append({"where": where, "field": "pcode", "message": _("missing value")})
                continue
            parent = ""
            for lv, parts in chain:
                deepest = lv == chain[-1][0]
                rows.append(AreaRow(number, parts["code"].upper(), parts.get("name") or parts["code"], lv,
                                    country, parent, latitude if deepest else None,
                                    longitude if deepest else None))
                parent = parts["code"].upper()
        else:
            level_text = cell(values, "level") or "0"
            if not level_text.isdigit() or int(level_text) > 3:
                problems.append({"where": where, "field": "level", "message": _("must be 0, 1, 2 or 3")})
                continue
            rows.append(AreaRow(number, cell(values, "pcode").upper(), cell(values, "name"),
                                int(level_text), country, cell(values, "parent").upper(), latitude,
                                longitude))
    return rows, problems


def _check(rows: list[AreaRow], source: str, problems: list[dict]) -> dict[str, AreaRow]:
    areas: dict[str, AreaRow] = {}
    known = set(AdminArea.objects.values_list("pcode", flat=True))
    for r in rows:
        where = _("%(source)s, row %(row)d") % {"source": source, "row": r.row}
        if not PCODE.fullmatch(r.pcode):
            problems.append({"where": where, "field": "pcode", "message": _("not a P-code (%s)") % r.pcode})
            continue
        if not r.name:
            problems.append({"where": where, "field": "name", "message": _("missing value")})
        if not codes.is_country(r.country):
            problems.append({"where": where, "field": "country",
                             "message": _("not an ISO 3166 alpha-3 code (%s)") % r.country})
        if r.level > 0 and not r.parent:
            problems.append({"where": where, "field": "parent",
                             "message": _("an area below level 0 needs a parent")})
        earlier = areas.get(r.pcode)
        if earlier and (earlier.name, earlier.level, earlier.parent) != (r.name, r.level, r.parent):
            problems.append({"where": where, "field": "pcode",
                             "message": _("P-code %(pcode)s described differently in row %(row)d")
                             % {"pcode": r.pcode, "row": earlier.row}})
        if earlier is None or r.latitude is not None:
            areas[r.pcode] = r
    for r in areas.values():
        if r.parent and r.parent not in areas and r.parent not in known:
            where = _("%(source)s, row %(row)d") % {"source": source, "row": r.row}
            problems.append({"where": where, "field": "parent",
                             "message": _("unknown parent P-code (%s)") % r.parent})
    return areas


@transaction.atomic
def gazetteer_import(*, actor, data: bytes, filename: str) -> GazetteerReport:
    """Create or update admin areas from a file; re-importing the same file changes nothing."""
    table = read_table(data, filename)
    rows, problems = _rows(table)
    areas = _check(rows, table.source, problems)
    if problems:
        raise ValidationFailed(problems)
    existing = {a.pcode: a for a in AdminArea.objects.filter(pcode__in=areas)}
    created = updated = unchanged = 0
    # Parents before children: by level.
    for r in sorted(areas.values(), key=lambda a: (a.level, a.pcode)):
        parent_id = existing[r.parent].pk if r.parent else None
        values = {"name": r.name, "level": r.level, "country": r.country, "parent_id": parent_id,
                  "latitude": r.latitude, "longitude": r.longitude}
        area = existing.get(r.pcode)
        if area is None:
            existing[r.pcode] = AdminArea.objects.create(pcode=r.pcode, **values)
            created += 1
            continue
        if r.latitude is None:  # a row that does not give coordinates keeps the stored ones
            values.update(latitude=area.latitude, longitude=area.longitude)
        if all(getattr(area, k) == v for k, v in values.items()):
            unchanged += 1
            continue
        for k, v in values.items():
            setattr(area, k, v)
        area.save()
        updated += 1
    _fill_missing_centroids()
    audit_record(actor=actor, action=AuditAction.UPDATE if updated else AuditAction.CREATE,
                 object_type="geo.adminarea", object_id=table.source[:64],
                 summary=f"gazetteer {table.source}: {created} created, {updated} updated, "
                         f"{unchanged} unchanged")
    return GazetteerReport(created, updated, unchanged)


def _fill_missing_centroids() -> None:
    """An area without a centroid is placed at the mean of its children's (deepest first)."""
    for level in (2, 1, 0):
        for area in AdminArea.objects.filter(level=level, latitude__isnull=True):
            children = [c for c in area.children.all() if c.latitude is not None]
            if children:
                area.latitude = sum(c.latitude for c in children) / len(children)
                area.longitude = sum(c.longitude for c in children) / len(children)
                area.latitude = area.latitude.quantize(Decimal("0.00001"))
                area.longitude = area.longitude.quantize(Decimal("0.00001"))
                area.save(update_fields=["latitude", "longitude"])


@transaction.atomic
def sites_import(*, actor, data: bytes, filename: str) -> int:
    """Create or update sites (code, name, kind, admin_pcode, latitude, longitude)."""
    table = read_table(data, filename)
    names = table.column_names({"#loc+code": "code", "#loc+name": "name", "#adm1+code": "admin_pcode",
                                 "#geo+lat": "latitude", "#geo+lon": "longitude"}, {})
    position = {n: i for i, n in enumerate(names)}
    areas = dict(AdminArea.objects.values_list("pcode", "pk"))
    problems: list[dict] = []
    parsed = []
    for offset, values in enumerate(table.rows):
        where = _("%(source)s, row %(row)d") % {"source": table.source, "row": table.first_row + offset}

        def cell(name: str, values=values) -> str:
            return values[position[name]].strip() if name in position else ""

        kind = cell("kind") or SiteKind.CAMP
        if not cell("code"):
            problems.append({"where": where, "field": "code", "message": _("missing value")})
        if kind not in SiteKind.values:
            problems.append({"where": where, "field": "kind", "message": _("unknown site kind (%s)") % kind})
        if cell("admin_pcode").upper() not in areas:
            problems.append({"where": where, "field": "admin_pcode",
                             "message": _("unknown P-code (%s)") % cell("admin_pcode")})
        latitude = _coordinate(cell("latitude"), 90, problems, where, "latitude")
        longitude = _coordinate(cell("longitude"), 180, problems, where, "longitude")
        parsed.append((cell("code"), {"name": cell("name") or cell("code"), "kind": kind,
                                      "admin_area_id": areas.get(cell("admin_pcode").upper()),
                                      "latitude": latitude, "longitude": longitude}))
    if problems:
        raise ValidationFailed(problems)
    for code, values in parsed:
        Site.objects.update_or_create(code=code, defaults=values)
    audit_record(actor=actor, action=AuditAction.UPDATE, object_type="geo.site",
                 object_id=table.source[:64], summary=f"sites {table.source}: {len(parsed)} rows")
    return len(parsed)
