"""Pre-departure checks: each names itself, so a refused booking says exactly which one failed.

    travel_document    a passport or travel document valid on the day of departure
    fitness_to_travel  a medical clearance, fit, covering the day of departure
    consent            the latest consent for assistance is given
    exit_permission    when the leg needs one: a permission to leave that country, still valid
    entry_permission   when the leg needs one: a permission to enter that country, still valid

The facts of many people are loaded in four queries (`facts_for`), so a list of hundreds is
checked in constant queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.movements.models import Leg, MedicalClearance, PermissionKind, TravelPermission
from corridor.registry.models import Consent, ConsentPurpose, DocumentKind, IdentityDocument

CHECKS = ("travel_document", "fitness_to_travel", "consent", "exit_permission", "entry_permission")
TRAVEL_DOCUMENT_KINDS = (DocumentKind.PASSPORT, DocumentKind.TRAVEL_DOCUMENT)


@dataclass
class Facts:
    documents: list[IdentityDocument] = field(default_factory=list)
    clearances: list[MedicalClearance] = field(default_factory=list)
    consent: Consent | None = None  # the latest one for assistance
    permissions: list[TravelPermission] = field(default_factory=list)


def facts_for(person_ids) -> dict[int, Facts]:
    person_ids = list(person_ids)
    facts: dict[int, Facts] = defaultdict(Facts)
    for document in IdentityDocument.objects.filter(person_id__in=person_ids,
                                                    kind__in=TRAVEL_DOCUMENT_KINDS):
        facts[document.person_id].documents.append(document)
    for clearance in MedicalClearance.objects.filter(person_id__in=person_ids):
        facts[clearance.person_id].clearances.append(clearance)  # newest first
    for consent in Consent.objects.filter(person_id__in=person_ids,
                                          purpose=ConsentPurpose.ASSISTANCE,
                                          partner__isnull=True):
        if facts[consent.person_id].consent is None:  # ordered newest first
            facts[consent.person_id].consent = consent
    for permission in TravelPermission.objects.filter(person_id__in=person_ids):
        facts[permission.person_id].permissions.append(permission)
    return facts


def travel_document(facts: Facts, on: dt.date) -> IdentityDocument | None:
    """The travel document valid on `on` that expires last, if any."""
    valid = [d for d in facts.documents if d.expires_on is not None and d.expires_on >= on]
    return max(valid, key=lambda d: d.expires_on, default=None)


def clearance(facts: Facts, on: dt.date) -> MedicalClearance | None:
    """The newest clearance that covers `on` (fit or not)."""
    return next((c for c in facts.clearances if c.examined_on <= on <= c.valid_until), None)


def _permission(facts: Facts, kind: str, country: str, on: dt.date) -> bool:
    return any(p.kind == kind and p.country == country
               and (p.valid_until is None or p.valid_until >= on) for p in facts.permissions)


# Each check's name as a reader sees it (the code stays the problem's field).
CHECK_LABELS = {
    "travel_document": gettext_lazy("travel document"),
    "fitness_to_travel": gettext_lazy("fitness to travel"),
    "consent": gettext_lazy("consent"),
    "exit_permission": gettext_lazy("exit permission"),
    "entry_permission": gettext_lazy("entry permission"),
}
# What failed, by code; the day and country are parameters filled in the reader's language.
MESSAGES = {
    "no_document": gettext_lazy("no passport or travel document recorded"),
    "document_expired": gettext_lazy("no passport or travel document valid on %(day)s"),
    "no_clearance": gettext_lazy("no medical clearance covering %(day)s"),
    "unfit": gettext_lazy("the medical clearance of %(examined)s says not fit"),
    "no_consent": gettext_lazy("no consent to assistance given"),
    "no_exit": gettext_lazy("no exit permission from %(country)s valid on %(day)s"),
    "no_entry": gettext_lazy("no entry permission to %(country)s valid on %(day)s"),
}


@dataclass(frozen=True)
class Failed:
    """A failed check, stored as codes (a proposal keeps them) and worded when shown, in the
    language of whoever reads it (issue 18, item 8)."""

    check: str
    code: str
    params: dict = field(default_factory=dict)

    def message(self) -> str:
        shown = {key: _day(value) if key in DAY_PARAMS else value
                 for key, value in self.params.items()}
        return str(MESSAGES[self.code]) % shown

    def text(self) -> str:
        return _("%(check)s: %(message)s") % {"check": CHECK_LABELS[self.check],
                                              "message": self.message()}

    def as_data(self) -> dict:
        return {"check": self.check, "code": self.code, "params": self.params}

    @classmethod
    def from_data(cls, data) -> Failed | str:
        """A stored failure; a text stored before failures were codes is shown as it was."""
        if isinstance(data, dict) and data.get("code") in MESSAGES:
            return cls(check=data["check"], code=data["code"], params=data.get("params", {}))
        return str(data)


# The parameters that are days: stored as ISO dates, shown as the reader's language writes them.
DAY_PARAMS = frozenset({"day", "examined"})


def _day(value: str) -> str:
    return formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT")


def worded(stored) -> list[str]:
    """Stored failures (a proposal's exclusions) as texts in the reader's language."""
    return [item.text() if isinstance(item, Failed) else item
            for item in (Failed.from_data(data) for data in stored)]


def problems_for(facts: Facts, leg: Leg) -> list[Failed]:
    """Each failed check of this person on this leg."""
    on = leg.departure_local.date()
    day = on.isoformat()
    found = []
    if travel_document(facts, on) is None:
        found.append(Failed("travel_document", "document_expired", {"day": day})
                     if facts.documents else Failed("travel_document", "no_document"))
    current = clearance(facts, on)
    if current is None:
        found.append(Failed("fitness_to_travel", "no_clearance", {"day": day}))
    elif not current.fit:
        found.append(Failed("fitness_to_travel", "unfit",
                            {"examined": current.examined_on.isoformat()}))
    if facts.consent is None or not facts.consent.given:
        found.append(Failed("consent", "no_consent"))
    if leg.exit_permission_country and not _permission(
            facts, PermissionKind.EXIT, leg.exit_permission_country, on):
        found.append(Failed("exit_permission", "no_exit",
                            {"country": leg.exit_permission_country, "day": day}))
    if leg.entry_permission_country and not _permission(
            facts, PermissionKind.ENTRY, leg.entry_permission_country, on):
        found.append(Failed("entry_permission", "no_entry",
                            {"country": leg.entry_permission_country, "day": day}))
    return found
