"""Escorts on legs: medical or operational, a staff user or a named person; one escort seat each."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from corridor.access.models import Membership, Office, User
from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.movements.models import Escort, EscortKind, Leg
from corridor.movements.services._common import check, refuse
from corridor.registry import documents


def staff_of_tree(office: Office) -> QuerySet[User]:
    """Active users holding a role in `office`, an office above it or one below it: who may
    escort on its operations."""
    above = [office.path[:end + 1] for end, char in enumerate(office.path) if char == "/"]
    tree = Q(office__path__in=above) | Q(office__path__startswith=office.path)
    return User.objects.filter(is_active=True, pk__in=Membership.objects.filter(tree)
                               .values("user_id")).order_by("last_name", "first_name", "username")


def works_in_tree(user, office: Office) -> bool:
    return staff_of_tree(office).filter(pk=user.pk).exists()


@transaction.atomic
def escort_assign(*, actor, leg: Leg, kind: str, user=None, name: str = "",
                  document_number: str = "") -> Escort:
    leg = Leg.objects.select_for_update().select_related("operation").get(pk=leg.pk)
    check(actor, leg.operation)
    if kind not in EscortKind.values:
        refuse("kind", f"unknown kind of escort {kind!r}")
    name = (name or "").strip()
    if (user is None) == (not name):
        refuse("name", "An escort is either a staff member or a named person, not both.")
    if user is not None and not works_in_tree(user, leg.operation.office):
        refuse("user_id", "An escort given as staff must hold a role in the operation's office, "
                          "an office above it or one below it.")
    if user is not None and leg.escorts.filter(user=user).exists():
        refuse("user", "This staff member already escorts on this leg.")
    if leg.escorts.count() >= leg.escort_seats:
        refuse("escort_seats", f"All {leg.escort_seats} escort seats of {leg} are taken.")
    number = (document_number or "").strip()
    if len(number) > 40:
        refuse("document_number", "A document number has at most 40 characters.")
    escort = Escort.objects.create(leg=leg, kind=kind, user=user, name=name,
                                   document_number_encrypted=documents.encrypt(number) if number
                                   else "", assigned_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=escort,
                 office_id=leg.operation.office_id, summary=f"{leg.operation.reference}: {leg}")
    return escort


@transaction.atomic
def escort_remove(*, actor, escort: Escort) -> None:
    check(actor, escort.leg.operation)
    office_id = escort.leg.operation.office_id
    audit_record(actor=actor, action=AuditAction.DELETE, obj=escort, office_id=office_id,
                 summary=str(escort.leg))
    escort.delete()
