"""Pages of the emergency revolving fund (its position at any date, capital, advances) and of
consolidated appeals (requirements, funding, coverage, CSV and Excel), ADR 0071."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.core.views import download
from corridor.finance import exports_appeals, policies
from corridor.finance import forms_voluntary as forms
from corridor.finance.selectors import appeals as appeal_reads
from corridor.finance.selectors import emergency as reads
from corridor.finance.services import appeals as appeal_services
from corridor.finance.services import emergency as services
from corridor.finance.views import _day, finance_page
from corridor.finance.views_voluntary import submitted


@finance_page
@require_http_methods(["GET", "POST"])
def emergency(request: HttpRequest) -> HttpResponse:
    on = _day(request)
    step = request.POST.get("step")
    capital_form = forms.CapitalForm(request.POST if step == "capital" else None)
    advance_form = forms.AdvanceForm(request.POST if step == "advance" else None)
    writes = {
        "capital": (capital_form, lambda d: services.capital_record(actor=request.user, **d),
                    _("The capital is recorded.")),
        "advance": (advance_form, lambda d: services.advance_make(
            actor=request.user, **{**d, "pledges": list(d["pledges"])}),
            _("The advance is recorded.")),
    }
    if step in writes and submitted(request, *writes[step]):
        return redirect("finance:emergency")
    position = reads.position(user=request.user, on=on)
    return render(request, "finance/emergency.html", {
        "on": on, "position": position, "fund": reads.emergency_fund(),
        "capital_form": capital_form, "advance_form": advance_form,
        "can_edit": policies.may_edit(request.user)},
        status=422 if capital_form.errors or advance_form.errors else 200)


@finance_page
@require_http_methods(["GET", "POST"])
def appeals(request: HttpRequest) -> HttpResponse:
    on = _day(request)
    form = forms.AppealForm(request.POST or None)
    appeal = submitted(request, form, lambda d: appeal_services.appeal_create(
        actor=request.user, **d), _("The appeal is recorded."))
    if appeal is not None:
        return redirect("finance:appeal", appeal_id=appeal.pk)
    rows = appeal_reads.summaries(appeal_reads.appeal_list(user=request.user), on)
    return render(request, "finance/appeals.html", {
        "on": on, "rows": rows, "form": form, "can_edit": policies.may_edit(request.user)},
        status=422 if form.errors else 200)


@finance_page
@require_http_methods(["GET", "POST"])
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = appeal_reads.appeal_get(user=request.user, appeal_id=appeal_id)
    on = _day(request)
    form = forms.RequirementForm(request.POST or None)
    if submitted(request, form, lambda d: appeal_services.requirement_add(
            actor=request.user, appeal=appeal, **d), _("The requirement is recorded.")):
        return redirect("finance:appeal", appeal_id=appeal.pk)
    return render(request, "finance/appeal_detail.html", {
        "on": on, "appeal": appeal, "found": appeal_reads.summary(appeal, on), "form": form,
        "can_edit": policies.may_edit(request.user)}, status=422 if form.errors else 200)


@finance_page
def appeal_export(request: HttpRequest, appeal_id: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    appeal = appeal_reads.appeal_get(user=request.user, appeal_id=appeal_id)
    on = _day(request)
    found = appeal_reads.summary(appeal, on)
    if fmt == "csv":
        body, kind = exports_appeals.appeal_csv(found), "text/csv; charset=utf-8"
    else:
        body = exports_appeals.appeal_xlsx(found)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=appeal,
                 summary=f"Appeal {appeal.code} exported ({fmt})")
    return download(body, kind, f"{appeal.code}-{on.isoformat()}.{fmt}")
