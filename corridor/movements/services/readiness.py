"""What decides whether a person may travel: medical clearances and exit or entry permissions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from corridor.access.policies import can_in_office
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.movements.models import MedicalClearance, PermissionKind, TravelPermission
from corridor.movements.services._common import refuse
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person


def _check_person(actor, person: Person) -> None:
    if not registry_policies.visible_to(actor).filter(pk=person.pk).exists():
        raise NotFound("No such person")
    if not can_in_office(actor, "movements.edit", person.office_id):
        raise PermissionDenied("You cannot record travel readiness for this office.")


@transaction.atomic
def clearance_record(*, actor, person: Person, examined_on: dt.date, valid_until: dt.date,
                     fit: bool, wheelchair: bool = False, stretcher: bool = False,
                     oxygen: bool = False, medical_escort: bool = False) -> MedicalClearance:
    _check_person(actor, person)
    clearance = MedicalClearance(person=person, examined_on=examined_on, valid_until=valid_until,
                                 fit=fit, wheelchair=wheelchair, stretcher=stretcher,
                                 oxygen=oxygen, medical_escort=medical_escort, recorded_by=actor)
    clean_or_refuse(clearance)
    clearance.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=clearance,
                 office_id=person.office_id, summary="Medical clearance recorded")
    return clearance


@transaction.atomic
def permission_record(*, actor, person: Person, kind: str, country: str, reference: str = "",
                      valid_until: dt.date | None = None) -> TravelPermission:
    _check_person(actor, person)
    if kind not in PermissionKind.values:
        refuse("kind", f"unknown kind of permission {kind!r}")
    permission = TravelPermission(person=person, kind=kind, country=(country or "").upper(),
                                  reference=(reference or "").strip(), valid_until=valid_until,
                                  recorded_by=actor)
    clean_or_refuse(permission)
    permission.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=permission,
                 office_id=person.office_id, summary=f"{kind} permission {permission.country}")
    return permission
