"""A member's statement downloaded as PDF or Excel, for the period the statement page shows."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from corridor.core.views import download
from corridor.finance import reports
from corridor.finance.selectors import contributions as contribution_reads
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
