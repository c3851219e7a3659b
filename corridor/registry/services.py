"""Writes to the registry: each checks the policy, names its actor and is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from corridor.access.models import Office
from corridor.access.policies import can_in_office
from corridor.core.audit import audit_record, diff_fields
from corridor.core.errors import NotFound, PermissionDenied, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.core.versioning import model_values, versioned_update
from corridor.registry import policies
from corridor.registry.models import EDITABLE_FIELDS, Person


@transaction.atomic
def person_register(*, actor, office: Office, **fields: Any) -> Person:
    if not can_in_office(actor, "registry.edit", office.pk):
        raise PermissionDenied("You cannot register people for this office.")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    person = Person(office=office, registered_by=actor, **fields)
    clean_or_refuse(person)
    person.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=person)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, expected_version: int,
                  changes: dict[str, Any]) -> Person:
    if not policies.can(actor, "view", person):
        raise NotFound("No such person")
    if not policies.can(actor, "edit", person):
        raise PermissionDenied("You cannot edit this person's record.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable fields: {sorted(unknown)}")
    before = model_values(person, list(changes))
    person = versioned_update(person, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=person,
                 changes=diff_fields(before, model_values(person, list(changes)),
                                     personal=set(EDITABLE_FIELDS)))
    return person
