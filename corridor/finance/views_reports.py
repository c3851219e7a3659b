"""Reports downloaded as PDF or Excel: a member's statement (for the period its page shows),
a fund's status, a donor's report and budget against actual (at the day their pages show)."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from corridor.core.views import download
from corridor.finance import reports, reports_tables
from corridor.finance.selectors import contributions as contribution_reads
from corridor.finance.selectors import ledger as ledger_reads
from corridor.finance.selectors import voluntary as voluntary_reads
from corridor.finance.views import _day, finance_page

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@finance_page
def member_statement(request: HttpRequest, member_id: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    member = contribution_reads.member_get(user=request.user, member_id=member_id)
    until = _day(request, "until")
    since = _day(request, "since", date(until.year, 1, 1))
    if fmt == "pdf":
        data = reports.statement_pdf(member, since=since, until=until, language=get_language())
    else:
        data = reports.statement_xlsx(member, since=since, until=until)
    return download(data, CONTENT_TYPES[fmt], reports.filename(member, until, fmt))


def _table_file(request: HttpRequest, table, fmt: str, name: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    data = (reports_tables.as_pdf(table, get_language()) if fmt == "pdf"
            else reports_tables.as_xlsx(table))
    return download(data, CONTENT_TYPES[fmt], f"{name}.{fmt}")


@finance_page
def fund_status(request: HttpRequest, fund_id: int, fmt: str) -> HttpResponse:
    fund = ledger_reads.fund_get(user=request.user, fund_id=fund_id)
    on = _day(request)
    return _table_file(request, reports_tables.fund_status(fund, on), fmt,
                       f"fund-{fund.code}-{on.isoformat()}")


@finance_page
def donor_report(request: HttpRequest, donor_id: int, fmt: str) -> HttpResponse:
    donor = voluntary_reads.donor_get(user=request.user, donor_id=donor_id)
    on = _day(request)
    return _table_file(request, reports_tables.donor_report(donor, on), fmt,
                       f"donor-report-{donor.pk}-{on.isoformat()}")


@finance_page
def budget_against_actual(request: HttpRequest, fmt: str) -> HttpResponse:
    on = _day(request)
    return _table_file(request, reports_tables.budget_against_actual(user=request.user, on=on),
                       fmt, f"budget-against-actual-{on.isoformat()}")
