"""The fixed catalogue of registry fields a privacy notice may name and an agreement may share.

Codes are stored (in notices, agreements, exchange profiles, audit events); labels are rendered.
Each field reads one value from a registry person, already in the form an export writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SharedField:
    code: str
    label: Any
    read: Callable[[Any], Any]


def _phones(person) -> str:
    return "; ".join(phone.number for phone in person.phones.all())


def _documents(person) -> str:
    return "; ".join(f"{doc.kind}:{doc.number}" for doc in person.documents.all())


FIELDS: dict[str, SharedField] = {f.code: f for f in (
    SharedField("given_name", _("given name"), lambda p: p.given_name),
    SharedField("family_name", _("family name"), lambda p: p.family_name),
    SharedField("original_script_name", _("name in original script"),
                lambda p: p.original_script_name),
    SharedField("sex", _("sex"), lambda p: p.sex),
    SharedField("birth_date", _("date of birth"),
                lambda p: p.birth_date.isoformat() if p.birth_date else ""),
    SharedField("birth_year", _("year of birth"),
                lambda p: p.birth_date.year if p.birth_date else ""),
    SharedField("nationality", _("nationality"), lambda p: p.nationality),
    SharedField("category", _("category"), lambda p: p.category),
    SharedField("vulnerabilities", _("vulnerabilities"), lambda p: ";".join(p.vulnerabilities)),
    SharedField("languages", _("languages"), lambda p: ";".join(p.languages)),
    SharedField("place_of_origin", _("place of origin"), lambda p: p.place_of_origin_pcode or ""),
    SharedField("phones", _("phone numbers"), _phones),
    SharedField("documents", _("identity documents"), _documents),
    SharedField("office", _("office"), lambda p: p.office.code),
)}

CODES: tuple[str, ...] = tuple(FIELDS)
CHOICES = [(code, field.label) for code, field in FIELDS.items()]


def unknown(codes) -> list[str]:
    return sorted(set(codes) - set(FIELDS))


def ordered(codes) -> list[str]:
    """The codes in the catalogue's order (audit events and exports list them the same way)."""
    wanted = set(codes)
    return [code for code in CODES if code in wanted]
