"""Fund status, a donor's report and budget against actual as files (issue 14, item 6): the
tables their pages show, as a PDF in the reader's language with its figures written as that
language writes them, or as an Excel sheet with amounts as numbers and dates as dates. Each
report is built once (`Table`) and laid out for either file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

from corridor.core.exports import xlsx_bytes
from corridor.finance.chart import account_label, fund_label
from corridor.finance.models import Donor, Fund
from corridor.finance.selectors import ledger, voluntary
from corridor.finance.selectors import projects as project_reads
from corridor.finance.templatetags.finance_tags import money


@dataclass(frozen=True)
class Table:
    title: str
    subtitle: str
    sheet: str
    header: list[str]
    rows: list[list[object]]
    note: str = ""


def fund_status(fund: Fund, on: date) -> Table:
    lines = ledger.trial_balance(fund=fund, on=on)
    total = ledger.total_of(fund, lines)
    rows = [[f"{line.account.code} {account_label(line.account)}", line.balance.base,
             "; ".join(f"{code} {money(v)}" for code, v in line.balance.by_currency.items()),
             line.balance.entries] for line in lines]
    rows.append([_("Total"), total.base, "", total.entries])
    return Table(title=_("Fund status"), sheet=fund.code,
                 subtitle=_("%(fund)s, at the end of %(day)s, in %(currency)s") % {
                     "fund": f"{fund.code} — {fund_label(fund)}", "day": _day(on),
                     "currency": fund.base_currency_id},
                 header=[_("Account"), _("Balance"), _("In original currencies"), _("Entries")],
                 rows=rows)


def donor_report(donor: Donor, on: date) -> Table:
    report = voluntary.donor_report(donor, on)
    rows = []
    for line in report.lines:
        f = line.figures
        rows.append([f.contribution.reference, f.contribution.get_earmarking_display(),
                     f.status_label, f.base_currency, f.pledged, f.committed, f.received,
                     "; ".join(f"{r.currency_id} {money(r.amount)}" for r in line.receipts),
                     line.difference])
    for code, t in report.totals().items():
        rows.append([_("Total in %(currency)s") % {"currency": code}, "", "", code,
                     t["pledged"], t["committed"], t["received"], "", ""])
    note = (_("Reconciled: the receipts add up to what the ledger holds for each contribution.")
            if report.reconciled else
            _("Not reconciled: the receipts and the ledger differ (see the difference column)."))
    return Table(title=_("Donor report"), sheet=_("Donor report"),
                 subtitle=_("%(donor)s, at the end of %(day)s") % {"donor": donor.name,
                                                                  "day": _day(on)},
                 header=[_("Contribution"), _("Earmarking"), _("State"), _("Currency"),
                         _("Pledged"), _("Committed"), _("Received (ledger)"), _("Receipts"),
                         _("Difference")],
                 rows=rows, note=note + " " + _("Pledges are shown and never counted as funding."))


def budget_against_actual(*, user, on: date) -> Table:
    rows = [[f"{f.project.code} — {f.project.title}", f.currency, f.budget, f.received,
             f.committed, f.spent, f.balance, f.unfunded]
            for f in project_reads.project_funding_many(project_reads.project_list(user=user),
                                                        on)]
    return Table(title=_("Budget against actual"), sheet=_("Budget against actual"),
                 subtitle=_("Projects at the end of %(day)s, each in its own currency") % {
                     "day": _day(on)},
                 header=[_("Project"), _("Currency"), _("Budget"), _("Received"),
                         _("Committed"), _("Spent"), _("Balance"), _("Unfunded")],
                 rows=rows, note=_("Committed and spent come from the cases' assistance items "
                                   "and the movements' fares."))


def _day(on: date) -> str:
    return formats.date_format(on, "DATE_FORMAT")


def _cell(value: object) -> tuple[str, bool]:
    """A cell as the PDF writes it, and whether it is a figure (aligned to the end)."""
    if value is None:
        return "", False
    if isinstance(value, Decimal):
        return money(value), True
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True), True
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT"), False
    return str(value), False


def as_pdf(table: Table, language: str) -> bytes:
    from weasyprint import HTML  # a heavy import, paid only when a PDF is asked for

    html = render_to_string("finance/table_pdf.html", {
        "table": table, "LANGUAGE_CODE": language,
        "rows": [[_cell(v) for v in row] for row in table.rows]})
    return HTML(string=html).write_pdf()


def as_xlsx(table: Table) -> bytes:
    return xlsx_bytes(table.sheet[:31], table.header,
                      [["" if v is None else v for v in row] for row in table.rows])
