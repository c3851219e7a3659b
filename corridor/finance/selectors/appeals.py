"""Reads of consolidated appeals (USD): requirements by agency and sector, funding by donor and
by agency, and coverage. Funding is committed or received, the more, per contribution
(selectors.voluntary.figures_many); pledges not yet signed are shown apart and never counted
(ADR 0071)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from corridor.finance import currencies
from corridor.finance.models import Appeal, AppealRequirement, Contribution
from corridor.finance.policies import require_view
from corridor.finance.selectors.ledger import _get
from corridor.finance.selectors.voluntary import figures_many

USD = "USD"


def appeal_list(*, user) -> QuerySet[Appeal]:
    require_view(user)
    return Appeal.objects.all()


def appeal_get(*, user, appeal_id: int) -> Appeal:
    require_view(user)
    return _get(Appeal.objects.all(), appeal_id, "No such appeal.")


def agency_name(requirement: AppealRequirement) -> str:
    return str(requirement.agency) if requirement.agency_id else _("This organisation")


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: requirements, funding and pledges not yet counted."""

    label: str
    required: Decimal
    funding: Decimal
    received: Decimal
    pledged: Decimal

    @property
    def coverage(self) -> Decimal | None:
        """Funding as a percentage of requirements (one decimal); None with no requirement."""
        if not self.required:
            return None
        return (self.funding * 100 / self.required).quantize(Decimal("0.1"))

    @property
    def unmet(self) -> Decimal:
        return max(Decimal(0), self.required - self.funding)


@dataclass(frozen=True)
class AppealSummary:
    appeal: Appeal
    on: date
    total: Row
    by_requirement: list[tuple[AppealRequirement, Row]]
    by_agency: list[Row]
    by_sector: list[Row]
    by_donor: list[Row]


def summary(appeal: Appeal, on: date) -> AppealSummary:
    return summaries([appeal], on)[0]


def summaries(appeals, on: date) -> list[AppealSummary]:
    """Each appeal's summary at the end of `on`, in the same few queries however many appeals
    and contributions there are (the appeals page lists them all)."""
    appeals = list(appeals)
    requirements: dict[int, list[AppealRequirement]] = defaultdict(list)
    for r in AppealRequirement.objects.filter(appeal__in=appeals).select_related("agency"):
        requirements[r.appeal_id].append(r)
    contributions: dict[int, list[Contribution]] = defaultdict(list)
    found = list(Contribution.objects.filter(requirement__appeal__in=appeals, pledged_on__lte=on)
                 .select_related("donor", "fund", "requirement__agency"))
    figures = {f.contribution.pk: f for f in figures_many(found, on)}
    for c in found:
        contributions[c.requirement.appeal_id].append(c)
    return [_summary(a, on, requirements[a.pk], contributions[a.pk], figures) for a in appeals]


def _summary(appeal: Appeal, on: date, requirements: list[AppealRequirement],
             contributions: list[Contribution], figures: dict) -> AppealSummary:
    money = lambda minor: currencies.from_minor(minor, USD)  # noqa: E731
    minor = lambda value: currencies.to_minor(value, USD)  # noqa: E731
    funding = {c.pk: minor(figures[c.pk].funding) for c in contributions}
    received = {c.pk: minor(figures[c.pk].received) for c in contributions}
    # A pledge counts apart until it is signed or paid.
    pledged = {c.pk: c.pledged_base_minor if not funding[c.pk] else 0 for c in contributions}
    keys = {"agency": lambda r: agency_name(r), "sector": lambda r: r.get_sector_display()}

    def rows(key) -> list[Row]:
        grouped: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for r in requirements:
            grouped[key(r)][0] += r.amount_minor
        for c in contributions:
            g = grouped[key(c.requirement)]
            g[1] += funding[c.pk]
            g[2] += received[c.pk]
            g[3] += pledged[c.pk]
        return [Row(label, *(money(v) for v in values))
                for label, values in sorted(grouped.items())]

    donors: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for c in contributions:
        d = donors[c.donor.name]
        d[1] += funding[c.pk]
        d[2] += received[c.pk]
        d[3] += pledged[c.pk]
    by_requirement = []
    for r in requirements:
        mine = [c for c in contributions if c.requirement_id == r.pk]
        by_requirement.append((r, Row(f"{agency_name(r)} — {r.get_sector_display()}",
                                      r.amount, money(sum(funding[c.pk] for c in mine)),
                                      money(sum(received[c.pk] for c in mine)),
                                      money(sum(pledged[c.pk] for c in mine)))))
    total = Row(_("Total"), money(sum(r.amount_minor for r in requirements)),
                money(sum(funding.values())), money(sum(received.values())),
                money(sum(pledged.values())))
    return AppealSummary(appeal=appeal, on=on, total=total, by_requirement=by_requirement,
                         by_agency=rows(keys["agency"]), by_sector=rows(keys["sector"]),
                         by_donor=[Row(name, Decimal(0), *(money(v) for v in values[1:]))
                                   for name, values in sorted(donors.items())])
