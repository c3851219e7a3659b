"""A project's funding at a date, in the project's currency (ADR 0071): its budget; the funds
received (contributions earmarked to it or to its operations, less their first charges repaying
the emergency fund; allocations of unearmarked money; emergency advances to its operations);
what is committed and spent (drawn from the cases' assistance items and the movements' fares);
and the balance. `project_funding` is the one read other apps (the IATI export) use.

Spending, never stored twice: an assistance item still planned is committed (its planned cost),
a delivered one spent (its actual cost, on its delivery day). A booking's fare counts until it
is costed as a transport item on arrival (then the item counts): committed while the booking
holds a seat (booked to departed), spent once arrived. Proposed, no-show and cancelled bookings
count nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from corridor.cases.models import AssistanceItem, AssistanceStatus
from corridor.core.fetch import get_in_scope
from corridor.finance import currencies
from corridor.finance.models import Allocation, Contribution, Donor
from corridor.finance.policies import require_view
from corridor.finance.selectors.emergency import counted_advances
from corridor.finance.selectors.voluntary import figures_many
from corridor.movements.models import Booking, BookingState
from corridor.partners.models import Project

COMMITTED_BOOKINGS = (BookingState.BOOKED, BookingState.CONFIRMED, BookingState.CHECKED_IN,
                      BookingState.DEPARTED)


@dataclass(frozen=True)
class Source:
    """Where part of the received money comes from: a donor (None: the emergency fund)."""

    donor: Donor | None
    kind: str  # "contribution", "allocation" or "advance"
    reference: str  # the contribution's reference, or the operation's for an advance
    earmarking: int | None
    amount: Decimal


@dataclass(frozen=True)
class ProjectFunding:
    project: Project
    on: date
    currency: str
    budget: Decimal
    received: Decimal
    committed: Decimal
    spent: Decimal
    sources: list[Source] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        """Received, less what is committed and spent."""
        return self.received - self.committed - self.spent

    @property
    def unfunded(self) -> Decimal:
        return max(Decimal(0), self.budget - self.received)

    @property
    def donors(self) -> list[Donor]:
        """The contributing donors, each once, by name."""
        found = {s.donor.pk: s.donor for s in self.sources if s.donor is not None}
        return sorted(found.values(), key=lambda d: d.name)


def _money(value, code: str) -> Decimal:
    return Decimal(value or 0).quantize(Decimal(1).scaleb(-(currencies.get(code).minor_units
                                                             if currencies.get(code) else 2)))


def _end_of(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on, time.max))


def spending(project: Project, on: date) -> tuple[Decimal, Decimal]:
    """(committed, spent) at the end of `on`, in the project's currency."""
    return spending_many([project], on)[project.pk]


def _by_project(records, key: str, total: str) -> dict[int, Decimal]:
    return {row[key]: row["total"] or 0 for row in
            records.values(key).annotate(total=Sum(total)).order_by()}


def spending_many(projects, on: date) -> dict[int, tuple[Decimal, Decimal]]:
    """Project id -> (committed, spent) at the end of `on`, in four queries for all."""
    end = _end_of(on)
    ids = [p.pk for p in projects]
    items = AssistanceItem.objects.filter(case__project__in=ids, created_at__lte=end)
    spent = _by_project(items.filter(status=AssistanceStatus.DELIVERED, delivered_on__lte=on),
                        "case__project", "actual_cost")
    # Planned then, whether still planned or delivered after `on`.
    committed = _by_project(items.filter(Q(status=AssistanceStatus.PLANNED) | Q(
        status=AssistanceStatus.DELIVERED, delivered_on__gt=on)), "case__project", "planned_cost")
    fares = Booking.objects.filter(leg__operation__project__in=ids,
                                   assistance_item__isnull=True, created_at__lte=end)
    fares_committed = _by_project(fares.filter(state__in=COMMITTED_BOOKINGS),
                                  "leg__operation__project", "fare")
    fares_spent = _by_project(fares.filter(state=BookingState.ARRIVED),
                              "leg__operation__project", "fare")
    found = {}
    for project in projects:
        code, pk = project.currency.upper(), project.pk
        found[pk] = (_money(committed.get(pk, 0) + fares_committed.get(pk, 0), code),
                     _money(spent.get(pk, 0) + fares_spent.get(pk, 0), code))
    return found


def project_funding(project: Project, on: date | None = None) -> ProjectFunding:
    """The project's budget, funds received (with their sources), committed, spent and balance
    at the end of `on` (default today), all in the project's currency."""
    return project_funding_many([project], on)[0]


def project_funding_many(projects, on: date | None = None) -> list[ProjectFunding]:
    """Each project's funding (see project_funding), in the same few queries for all of them:
    the projects page lists every project."""
    on = on or timezone.localdate()
    projects = list(projects)
    ids = [p.pk for p in projects]
    sources: dict[int, list[Source]] = {pk: [] for pk in ids}
    contributions = list(Contribution.objects.filter(project__in=ids, pledged_on__lte=on)
                         .select_related("donor", "fund").order_by("pledged_on", "id"))
    currency = {p.pk: p.currency.upper() for p in projects}
    for c, fig in zip(contributions, figures_many(contributions, on), strict=True):
        code = currency[c.project_id]
        net = fig.received - fig.reimbursed
        if net and c.base_currency == code:
            sources[c.project_id].append(Source(c.donor, "contribution", c.reference,
                                                c.earmarking, net))
    allocated: dict[tuple[int, int], int] = {}
    donors: dict[int, Contribution] = {}
    for a in (Allocation.objects.filter(project__in=ids, decided_on__lte=on)
              .select_related("contribution__donor").order_by("contribution_id", "id")):
        key = (a.project_id, a.contribution_id)
        allocated[key] = allocated.get(key, 0) + a.project_minor
        donors[a.contribution_id] = a.contribution
    for (project_id, contribution_id), minor in allocated.items():
        c = donors[contribution_id]
        if minor:
            sources[project_id].append(Source(c.donor, "allocation", c.reference, c.earmarking,
                                              currencies.from_minor(minor, currency[project_id])))
    usd = [pk for pk in ids if currency[pk] == "USD"]
    for advance in (counted_advances(on).filter(operation__project__in=usd, advanced_on__lte=on)
                    .select_related("operation").order_by("advanced_on", "id")):
        sources[advance.operation.project_id].append(Source(
            None, "advance", advance.operation.reference, None, advance.amount))
    spent = spending_many(projects, on)
    return [ProjectFunding(project=p, on=on, currency=currency[p.pk],
                           budget=_money(p.budget, currency[p.pk]),
                           received=sum((s.amount for s in sources[p.pk]), Decimal(0)),
                           committed=spent[p.pk][0], spent=spent[p.pk][1], sources=sources[p.pk])
            for p in projects]


def project_list(*, user) -> list[Project]:
    require_view(user)
    return list(Project.objects.select_related("office").order_by("code"))


def project_get(*, user, project_id: int) -> Project:
    """A project, for whoever may see finance (projects' money is the organisation's: ADR 0071)."""
    require_view(user)
    return get_in_scope(Project.objects.select_related("office"), project_id, "No such project.")


# IATI OrganisationType of each kind of donor (the IATI export's provider-org type).
IATI_ORGANISATION_TYPE = {"government": "10", "multilateral": "40", "private": "70"}


@dataclass(frozen=True)
class ProjectReceipt:
    """Money received for a project, as received: what an IATI incoming-funds transaction
    (type 1) reports. Never a pledge, never a reversed receipt."""

    project_id: int
    received_on: date
    amount: Decimal  # in `currency`, as received
    currency: str
    donor_name: str
    donor_ref: str  # the donor's IATI organisation identifier, when it has one
    donor_type: str  # IATI OrganisationType
    earmarking: str  # IATI EarmarkingCategory code
    reference: str  # unique within the project


def project_receipts(project_ids, *, on: date) -> dict[int, list[ProjectReceipt]]:
    """The receipts of the contributions earmarked to these projects (or their operations) up
    to the end of `on`, by project id, oldest first: the plug `corridor.iati.funding.
    incoming_funds` reads (ADR 0071). Allocations of unearmarked money are the organisation's
    own decisions, not receipts of the project: they are in `project_funding`, not here."""
    from corridor.finance.selectors.voluntary import counted_receipts

    found: dict[int, list[ProjectReceipt]] = {}
    receipts = (counted_receipts(on).filter(contribution__project_id__in=list(project_ids),
                                          received_on__lte=on)
                .select_related("contribution__donor").order_by("received_on", "id"))
    for r in receipts:
        c = r.contribution
        found.setdefault(c.project_id, []).append(ProjectReceipt(
            project_id=c.project_id, received_on=r.received_on, amount=r.amount,
            currency=r.currency_id, donor_name=c.donor.name, donor_ref=c.donor.iati_ref,
            donor_type=IATI_ORGANISATION_TYPE[c.donor.kind], earmarking=str(c.earmarking),
            reference=f"{c.reference}-{r.pk}"))
    return found
