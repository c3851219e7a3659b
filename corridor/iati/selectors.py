"""The organisation's projects as IATI activities: public by design, nothing personal in them.

Reads only; no policy check, because everything here is published without sign-in. What is read
is therefore kept to what IATI publishers publish: a project's code, title, office country,
category, budget and dates, and money aggregated per project and month — never a person, a
case reference, a booking or a name other than the reporting organisation's and donors'.

- identifier: `<IATI_ORG_REF>-<project code>`;
- status from the dates against `today`: before the start pipeline (1), until the end
  implementation (2), up to FINALISATION_DAYS after it finalisation (3), then closed (4);
- recipient: a country or sub-office's country, 100 %; a headquarters or regional project
  "developing countries, unspecified" (DAC region 998), 100 %;
- sectors: `sectors.CATEGORY_SECTORS`;
- budgets: the project's budget split into consecutive periods of at most a year from its start,
  in proportion to their days (engines.iati.budgets);
- transactions, per project and calendar month, dated the month's last dated event (never after
  `today`), in the project's currency:
  - 2 outgoing commitment: the planned cost of the assistance items planned that month and not
    cancelled since (a delivered item stays committed: IATI reads commitment, then spending);
  - 4 expenditure: the actual cost of the assistance items delivered that month (transport
    costed on arrival is among them), and the fares of bookings that travelled that month and
    were never costed to a case (no approved case: the project still paid the ticket);
  - 1 incoming funds: `funding.incoming_funds`, the plug for voluntary contributions.

Streaming: projects and each kind of aggregate are read in project order by database cursors and
merged, so that memory holds one project's rows at a time however many there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import groupby

import pycountry
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from corridor.cases.models import AssistanceItem, AssistanceStatus
from corridor.iati import funding
from corridor.iati.models import ImportedActivity
from corridor.iati.sectors import HUMANITARIAN_CATEGORIES, sectors_for
from corridor.movements.models import Booking, BookingState
from corridor.partners.models import ProgrammeCategory, Project
from engines.iati import (
    Activity,
    ActivityDate,
    AidType,
    Budget,
    Narrative,
    Org,
    Organisation,
    OrganisationBudget,
    RecipientCountry,
    RecipientRegion,
    Transaction,
    TransactionOrg,
)
from engines.iati.budgets import split_by_days, yearly_periods

FINALISATION_DAYS = 180
UNSPECIFIED_REGION = "998"  # DAC: developing countries, unspecified
LANGUAGES = ("en", "fr", "es")
# A project-type intervention (DAC aid type C01), financed by grants (finance type 110).
DEFAULT_AID_TYPE = AidType("C01", "1")
DEFAULT_FINANCE_TYPE = "110"
CHUNK = 2000


def reporting_org() -> Org:
    name = (Narrative(settings.IATI_ORG_NAME),)
    return Org(ref=settings.IATI_ORG_REF, type=settings.IATI_ORG_TYPE, name=name)


def identifier_of(project_code: str) -> str:
    return f"{settings.IATI_ORG_REF}-{project_code}"


def activity_status(start: dt.date, end: dt.date, today: dt.date) -> str:
    if today < start:
        return "1"
    if today <= end:
        return "2"
    if today <= end + dt.timedelta(days=FINALISATION_DAYS):
        return "3"
    return "4"


def _dates(start: dt.date, end: dt.date, today: dt.date) -> tuple[ActivityDate, ...]:
    dates = [ActivityDate("1", start)]
    if start <= today:
        dates.append(ActivityDate("2", start))
    dates.append(ActivityDate("3", end))
    if end < today:
        dates.append(ActivityDate("4", end))
    return tuple(dates)


def _alpha2(iso3: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country is not None else ""


def _translated(make) -> tuple[Narrative, ...]:
    """One narrative per language of the platform; the default language carries no xml:lang."""
    out = []
    for lang in LANGUAGES:
        with override(lang):
            out.append(Narrative(str(make()), "" if lang == "en" else lang))
    return tuple(out)


class _Texts:
    """The few translated strings every activity repeats, made once per file."""

    def __init__(self) -> None:
        self.categories = {c.value: _translated(lambda c=c: _(
            "A project of the programme “%(category)s” of the organisation.")
            % {"category": c.label}) for c in ProgrammeCategory}
        self.commitment = _translated(lambda: _("Assistance planned (monthly total)"))
        self.delivered = _translated(lambda: _("Assistance delivered (monthly total)"))
        self.fares = _translated(lambda: _("Transport fares not costed to a case (monthly total)"))


def _month_rows(queryset, project_field: str, date_field: str,
                amount_field: str) -> Iterator[tuple[int, list[tuple[dt.date, Decimal]]]]:
    """(project id, [(last date of the month, total), …]) in project then month order."""
    rows = (queryset.annotate(month=TruncMonth(date_field))
            .values(project_field, "month")
            .annotate(total=Sum(amount_field), last=Max(date_field))
            .order_by(project_field, "month")
            .values_list(project_field, "last", "total"))
    for project_id, group in groupby(rows.iterator(chunk_size=CHUNK), key=lambda r: r[0]):
        yield project_id, [(_day(last), Decimal(total or 0).quantize(Decimal("0.01")))
                           for _p, last, total in group if total]


def _day(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _commitments(today: dt.date) -> Iterator[tuple[int, list[tuple[dt.date, Decimal]]]]:
    items = AssistanceItem.objects.exclude(status=AssistanceStatus.CANCELLED).filter(
        created_at__date__lte=today)
    return _month_rows(items, "case__project_id", "created_at", "planned_cost")


def _delivered(today: dt.date) -> Iterator[tuple[int, list[tuple[dt.date, Decimal]]]]:
    items = AssistanceItem.objects.filter(status=AssistanceStatus.DELIVERED,
                                          delivered_on__isnull=False, delivered_on__lte=today,
                                          actual_cost__isnull=False)
    return _month_rows(items, "case__project_id", "delivered_on", "actual_cost")


def _uncosted_fares(today: dt.date) -> Iterator[tuple[int, list[tuple[dt.date, Decimal]]]]:
    bookings = Booking.objects.filter(
        Q(state=BookingState.DEPARTED) | Q(state=BookingState.ARRIVED),
        assistance_item__isnull=True, leg__departure__date__lte=today, fare__gt=0)
    return _month_rows(bookings, "leg__operation__project_id", "leg__departure", "fare")


class _Merge:
    """Walks a (project id, rows) stream in step with the projects, both in id order."""

    def __init__(self, stream: Iterator[tuple[int, list]]) -> None:
        self.stream = stream
        self.head = next(stream, None)

    def take(self, project_id: int) -> list:
        while self.head is not None and self.head[0] < project_id:
            self.head = next(self.stream, None)
        if self.head is not None and self.head[0] == project_id:
            rows, self.head = self.head[1], next(self.stream, None)
            return rows
        return []


def _transactions(identifier: str, currency: str, org: Org, texts: _Texts, *,
                  commitments: list, delivered: list, fares: list,
                  funds: list[funding.IncomingFund]) -> tuple[Transaction, ...]:
    provider = TransactionOrg(ref=org.ref, type=org.type, name=org.name, activity_id=identifier)
    out: list[Transaction] = []
    for fund in funds:
        out.append(Transaction(
            "1", fund.received_on, fund.amount, fund.received_on, currency=fund.currency,
            ref=f"{identifier}-I-{fund.reference}" if fund.reference else "",
            provider=TransactionOrg(ref=fund.donor.ref, type=fund.donor.type,
                                    name=(Narrative(fund.donor.name),)),
            receiver=TransactionOrg(ref=org.ref, type=org.type, name=org.name,
                                    activity_id=identifier),
            aid_types=(AidType(fund.earmarking, "2"),) if fund.earmarking else ()))
    for code, tag, rows, description in (("2", "C", commitments, texts.commitment),
                                         ("4", "E", delivered, texts.delivered),
                                         ("4", "F", fares, texts.fares)):
        for day, total in rows:
            out.append(Transaction(code, day, total, day, currency=currency,
                                   ref=f"{identifier}-{tag}-{day:%Y-%m}",
                                   description=description, provider=provider))
    return tuple(out)


def _budgets(project: Project) -> tuple[Budget, ...]:
    periods = yearly_periods(project.start, project.end)
    amounts = split_by_days(Decimal(project.budget), periods)
    return tuple(Budget(start, end, amount, start, currency=project.currency)
                 for (start, end), amount in zip(periods, amounts, strict=True))


def project_activities(*, today: dt.date) -> Iterator[Activity]:
    """Every project as an activity, in id order, streamed."""
    org = reporting_org()
    texts = _Texts()
    commitments, delivered = _Merge(_commitments(today)), _Merge(_delivered(today))
    fares = _Merge(_uncosted_fares(today))
    projects = (Project.objects.select_related("office").order_by("pk")
                .only("pk", "code", "title", "category", "currency", "budget", "start", "end",
                      "updated_at", "office__kind", "office__country"))
    for batch in _batches(projects.iterator(chunk_size=CHUNK), CHUNK):
        funds = funding.incoming_funds([p.pk for p in batch], today=today)
        for project in batch:
            yield _activity(project, org, texts, today, funds.get(project.pk, []),
                            commitments.take(project.pk), delivered.take(project.pk),
                            fares.take(project.pk))


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _activity(project: Project, org: Org, texts: _Texts, today: dt.date,
              funds: list[funding.IncomingFund], commitments: list, delivered: list,
              fares: list) -> Activity:
    identifier = identifier_of(project.code)
    office = project.office
    countries: tuple[RecipientCountry, ...] = ()
    regions: tuple[RecipientRegion, ...] = ()
    alpha2 = _alpha2(office.country) if office.kind in ("country", "sub") else ""
    if alpha2:
        countries = (RecipientCountry(alpha2, Decimal(100)),)
    else:
        regions = (RecipientRegion(UNSPECIFIED_REGION, "1", Decimal(100)),)
    donors = {(f.donor.ref, f.donor.name, f.donor.type) for f in funds}
    participating = (
        *(Org(ref=ref, type=kind, role="1", name=(Narrative(name),))
          for ref, name, kind in sorted(donors)),
        Org(ref=org.ref, type=org.type, role="4", name=org.name),
    )
    return Activity(
        identifier=identifier, reporting_org=org, title=(Narrative(project.title),),
        description=texts.categories[project.category],
        status=activity_status(project.start, project.end, today),
        dates=_dates(project.start, project.end, today),
        participating_orgs=participating, default_currency=project.currency, lang="en",
        humanitarian=project.category in HUMANITARIAN_CATEGORIES,
        last_updated=project.updated_at.replace(microsecond=0),
        recipient_countries=countries, recipient_regions=regions,
        sectors=sectors_for(project.category), default_finance_type=DEFAULT_FINANCE_TYPE,
        default_aid_types=(DEFAULT_AID_TYPE,), budgets=_budgets(project),
        transactions=_transactions(identifier, project.currency, org, texts,
                                   commitments=commitments, delivered=delivered, fares=fares,
                                   funds=funds))


def imported_activities() -> Iterator[Activity]:
    """Activities imported from an IATI file (corridor_iati_import), in identifier order."""
    for row in ImportedActivity.objects.order_by("identifier").iterator(chunk_size=200):
        yield row.activity()


def published_activities(*, today: dt.date) -> Iterator[Activity]:
    """What /public/iati/activities.xml publishes: the projects, then the imported activities
    (an imported identifier that a project also produces is refused at import)."""
    yield from project_activities(today=today)
    yield from imported_activities()


def organisation(*, today: dt.date) -> Organisation:
    """The organisation file: total budget and expenditure per calendar year and currency."""
    org = reporting_org()
    budgets: dict[tuple[int, str], Decimal] = {}
    for project in Project.objects.only("currency", "budget", "start", "end").iterator():
        periods = _calendar_years(project.start, project.end)
        for (start, _end), amount in zip(periods, split_by_days(Decimal(project.budget),
                                                                periods), strict=True):
            key = (start.year, project.currency)
            budgets[key] = budgets.get(key, Decimal(0)) + amount
    spent: dict[tuple[int, str], Decimal] = {}
    for activity_rows, currency in _expenditure_by_currency(today):
        for day, total in activity_rows:
            key = (day.year, currency)
            spent[key] = spent.get(key, Decimal(0)) + total
    return Organisation(
        identifier=org.ref, name=org.name, reporting_org=org, lang="en",
        total_budgets=tuple(_year_budget(y, c, v) for (y, c), v in sorted(budgets.items())),
        total_expenditure=tuple(_year_budget(y, c, v, status="")
                                for (y, c), v in sorted(spent.items())))


def _calendar_years(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    return [(max(start, dt.date(y, 1, 1)), min(end, dt.date(y, 12, 31)))
            for y in range(start.year, end.year + 1)]


def _year_budget(year: int, currency: str, value: Decimal, status: str = "1"
                 ) -> OrganisationBudget:
    first = dt.date(year, 1, 1)
    return OrganisationBudget(first, dt.date(year, 12, 31), value, first, currency=currency,
                              status=status)


def _expenditure_by_currency(today: dt.date) -> Iterator[tuple[list, str]]:
    currencies = dict(Project.objects.values_list("pk", "currency"))
    for stream in (_delivered(today), _uncosted_fares(today)):
        for project_id, rows in stream:
            yield rows, currencies[project_id]
