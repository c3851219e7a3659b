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


def problems_for(facts: Facts, leg: Leg) -> list[tuple[str, str]]:
    """(check name, message) for each failed check of this person on this leg."""
    on = leg.departure_local.date()
    found = []
    if travel_document(facts, on) is None:
        message = (f"no passport or travel document valid on {on:%d %b %Y}"
                   if facts.documents else "no passport or travel document recorded")
        found.append(("travel_document", message))
    current = clearance(facts, on)
    if current is None:
        found.append(("fitness_to_travel", f"no medical clearance covering {on:%d %b %Y}"))
    elif not current.fit:
        found.append(("fitness_to_travel",
                      f"the medical clearance of {current.examined_on:%d %b %Y} says not fit"))
    if facts.consent is None or not facts.consent.given:
        found.append(("consent", "no consent to assistance given"))
    if leg.exit_permission_country and not _permission(
            facts, PermissionKind.EXIT, leg.exit_permission_country, on):
        found.append(("exit_permission",
                      f"no exit permission from {leg.exit_permission_country} valid on "
                      f"{on:%d %b %Y}"))
    if leg.entry_permission_country and not _permission(
            facts, PermissionKind.ENTRY, leg.entry_permission_country, on):
        found.append(("entry_permission",
                      f"no entry permission to {leg.entry_permission_country} valid on "
                      f"{on:%d %b %Y}"))
    return found
