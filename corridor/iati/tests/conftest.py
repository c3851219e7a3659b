"""Demo-like data for publishing: projects of several offices and years, with cases' assistance
(planned, delivered over several months, cancelled) and travellers' fares, dated from today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

import pytest
from django.utils import timezone

from corridor.cases.models import AssistanceItem, AssistanceStatus, Case
from corridor.movements.models import Booking, BookingState, Leg, Operation
from corridor.partners.models import ProgrammeCategory, Project
from corridor.registry.tests.factories import PersonFactory


@dataclass
class Published:
    today: dt.date
    projects: dict[str, Project]
    person_names: list[str]
    case_references: list[str]
    delivered: dict[str, D]  # project code -> total delivered cost
    fares: D  # fares of bookings never costed to a case (project AVRR)
    months: dict[str, int]

    def delivered_planned(self, key: str) -> D:
        """The planned cost of the items delivered (300 + 120 a month)."""
        return D("420.00") * self.months.get(key, 0)


def _project(office, code: str, category: str, budget: str, start: dt.date, end: dt.date,
             currency: str = "USD") -> Project:
    return Project.objects.create(code=code, title=f"Project {code}", office=office,
                                  category=category, currency=currency, budget=D(budget),
                                  start=start, end=end)


def _item(case: Case, planned: str, *, delivered_on: dt.date | None = None, actual: str = "",
          cancelled: bool = False, planned_on: dt.date) -> AssistanceItem:
    status = (AssistanceStatus.CANCELLED if cancelled else
              AssistanceStatus.DELIVERED if delivered_on else AssistanceStatus.PLANNED)
    item = AssistanceItem.objects.create(case=case, kind="transport", status=status,
                                         planned_cost=D(planned),
                                         actual_cost=D(actual) if actual else None,
                                         delivered_on=delivered_on)
    planned_at = timezone.make_aware(dt.datetime.combine(planned_on, dt.time(10)))
    AssistanceItem.objects.filter(pk=item.pk).update(created_at=planned_at)
    return item


@pytest.fixture
def published(org) -> Published:
    today = timezone.localdate()
    y = dt.timedelta(days=365)
    projects = {
        "AVRR": _project(org.country_a, "CA-AVRR", ProgrammeCategory.HUMANITARIAN, "450000.00",
                         today - y, today + 2 * y),
        "MIDEV": _project(org.sub_a, "SA-MIDEV", ProgrammeCategory.DEVELOPMENT, "180000.00",
                          today - y // 2, today + y, currency="EUR"),
        "CAP": _project(org.hq, "HQ-CAP", ProgrammeCategory.TECHNICAL_COOPERATION, "120000.00",
                        today + dt.timedelta(days=30), today + 3 * y),
        "INFO": _project(org.country_b, "CB-INFO", ProgrammeCategory.DEBATE_RESEARCH, "60000.00",
                         today - 3 * y, today - y),
        "OLD": _project(org.region_a, "RA-OLD", ProgrammeCategory.HUMANITARIAN, "99999.99",
                        today - 2 * y, today - dt.timedelta(days=30)),
    }
    names, references = [], []
    delivered = {code: D(0) for code in projects}
    months_by_code = {"AVRR": 8, "MIDEV": 3, "INFO": 5}
    for i, (code, months) in enumerate(months_by_code.items()):
        project = projects[code]
        person = PersonFactory(office=project.office, given_name=f"Amina{i}",
                               family_name=f"Zzdiallo{i}")
        names += [person.given_name, person.family_name]
        case = Case.objects.create(reference=f"CASE-{project.office.code}-00000{i}",
                                   office=project.office, project=project,
                                   kind="voluntary_return", person=person, state="in_assistance")
        references.append(case.reference)
        end = min(today, project.end)
        for m in range(months):
            day = end - dt.timedelta(days=31 * m + 2)
            _item(case, "300.00", delivered_on=day, actual="287.45", planned_on=day)
            _item(case, "120.00", delivered_on=day, actual="119.99", planned_on=day)
            delivered[code] += D("287.45") + D("119.99")
        _item(case, "800.00", planned_on=end)  # still planned: a commitment
        _item(case, "999.00", cancelled=True, planned_on=end)  # cancelled: nothing
    # Two travellers without an approved case flew on an AVRR operation two days ago.
    avrr = projects["AVRR"]
    operation = Operation.objects.create(reference="MOV-CA-000001", office=avrr.office,
                                         project=avrr, kind="voluntary_return", title="Return")
    departure = timezone.now() - dt.timedelta(days=2)
    leg = Leg.objects.create(operation=operation, carrier="Royal Jordanian", number="RJ101",
                             origin="AMM", destination="BGW", departure=departure,
                             departure_zone="Asia/Amman", arrival=departure + dt.timedelta(hours=2),
                             arrival_zone="Asia/Baghdad", seats=100, fare=D("410.00"))
    for j in range(2):
        traveller = PersonFactory(office=avrr.office, given_name=f"Omar{j}",
                                  family_name=f"Zzhaddad{j}")
        names += [traveller.given_name, traveller.family_name]
        Booking.objects.create(leg=leg, person=traveller, state=BookingState.ARRIVED,
                               fare=D("410.00"))
    # A booked (not yet travelled) fare is not spent.
    Booking.objects.create(leg=leg, person=PersonFactory(office=avrr.office),
                           state=BookingState.BOOKED, fare=D("410.00"))
    return Published(today, projects, names, references, delivered, D("820.00"), months_by_code)
