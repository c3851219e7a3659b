"""Demo: a two-leg return operation from Amman (AMM → IST → KBL) with a few households booked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from corridor.access.models import Office, User
from corridor.movements import services
from corridor.movements.models import MedicalClearance, Operation
from corridor.partners.models import Project
from corridor.registry import documents
from corridor.registry.models import DocumentKind, Household, IdentityDocument


def _ready_for_travel(household: Household, today: dt.date) -> None:
    """Demo facts the checks need: a passport valid two years, a fresh clearance."""
    for member in household.members.all():
        number = f"D{member.pk:08d}"
        if not member.documents.filter(kind=DocumentKind.PASSPORT,
                                       expires_on__isnull=False).exists():
            IdentityDocument.objects.create(
                person=member, kind=DocumentKind.PASSPORT, number_encrypted=documents.encrypt(number),
                number_digest=documents.digest(number), issuing_country=member.nationality or "AFG",
                expires_on=today + dt.timedelta(days=730))
        MedicalClearance.objects.create(person=member, examined_on=today,
                                        valid_until=today + dt.timedelta(days=60), fit=True)


@transaction.atomic
def demo_movements_load() -> int:
    """Create the demo operation once; returns how many bookings were made (0 if already there)."""
    office = Office.objects.filter(code="CO-JOR").first()
    officer = User.objects.filter(username="movement.amman").first()
    if office is None or officer is None or Operation.objects.filter(office=office).exists():
        return 0
    project = next((p for p in Project.objects.select_related("office").order_by("code")
                    if office.path.startswith(p.office.path)), None)
    if project is None:
        return 0
    today = timezone.localdate()
    households = list(Household.objects.filter(office=office).annotate(size=Count("members"))
                      .filter(size__lte=3, members__consents__purpose="assistance",
                              members__consents__given=True).distinct().order_by("id")[:3])
    for household in households:
        _ready_for_travel(household, today)
    operation = services.operation_create(actor=officer, office=office, project=project,
                                          kind="voluntary_return",
                                          title="Voluntary return Amman → Kabul")
    day = today + dt.timedelta(days=14)
    first = services.leg_add(
        actor=officer, operation=operation, carrier="Turkish Airlines", number="TK813",
        origin="AMM", destination="IST", departure=dt.datetime.combine(day, dt.time(4, 35)),
        departure_zone="Asia/Amman", arrival=dt.datetime.combine(day, dt.time(7, 25)),
        arrival_zone="Europe/Istanbul", seats=20, wheelchair_places=2, escort_seats=2,
        fare=Decimal("280.00"))
    onward = services.leg_add(
        actor=officer, operation=operation, carrier="Turkish Airlines", number="TK706",
        origin="IST", destination="KBL", departure=dt.datetime.combine(day, dt.time(11, 10)),
        departure_zone="Europe/Istanbul", arrival=dt.datetime.combine(day, dt.time(19, 5)),
        arrival_zone="Asia/Kabul", seats=20, wheelchair_places=2, escort_seats=2,
        entry_permission_country="", fare=Decimal("410.00"))
    services.escort_assign(actor=officer, leg=first, kind="operational", user=officer)
    services.escort_assign(actor=officer, leg=onward, kind="operational", user=officer)
    booked = 0
    for household in households:
        booked += len(services.booking_create(actor=officer, legs=[first, onward],
                                              people=list(household.members.all())))
    return booked
