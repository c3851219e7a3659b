"""Pages of voluntary contributions (ADR 0071): donors and their reports reconciled against the
receipts, contributions from pledge to payment, allocations, and each project's funding. Thin:
each calls one selector or service; every figure links to its entries or its records."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.core.errors import ValidationFailed
from corridor.core.views import add_problems
from corridor.finance import forms_voluntary as forms
from corridor.finance import policies
from corridor.finance.models import Agreement, Allocation
from corridor.finance.selectors import projects as project_reads
from corridor.finance.selectors import voluntary as reads
from corridor.finance.services import voluntary as services
from corridor.finance.views import _day, _editable, finance_page


def submitted(request: HttpRequest, form, write: Callable[[dict], object],
              done: str) -> object | None:
    """Run `write` with the form's data on a valid POST (the editor's right checked first);
    its refusals go onto the form. The record written, or None."""
    if request.method != "POST":
        return None
    _editable(request)
    if not form.is_valid():
        return None
    try:
        record = write(form.cleaned_data)
    except ValidationFailed as exc:
        add_problems(form, exc)
        return None
    messages.success(request, done)
    return record


@finance_page
@require_http_methods(["GET", "POST"])
def donors(request: HttpRequest) -> HttpResponse:
    form = forms.DonorForm(request.POST or None)
    donor = submitted(request, form, lambda d: services.donor_create(actor=request.user, **d),
                      _("The donor is recorded."))
    if donor is not None:
        return redirect("finance:donor", donor_id=donor.pk)
    return render(request, "finance/donors.html", {
        "donors": reads.donor_list(user=request.user), "form": form,
        "can_edit": policies.may_edit(request.user)}, status=422 if form.errors else 200)


@finance_page
@require_http_methods(["GET", "POST"])
def donor_detail(request: HttpRequest, donor_id: int) -> HttpResponse:
    donor = reads.donor_get(user=request.user, donor_id=donor_id)
    on = _day(request)
    form = forms.AgreementForm(request.POST or None)
    if submitted(request, form, lambda d: services.agreement_create(actor=request.user,
                                                                    donor=donor, **d),
                 _("The agreement is recorded.")):
        return redirect("finance:donor", donor_id=donor.pk)
    return render(request, "finance/donor_detail.html", {
        "donor": donor, "on": on, "report": reads.donor_report(donor, on),
        "agreements": donor.agreements.all(), "form": form,
        "can_edit": policies.may_edit(request.user)}, status=422 if form.errors else 200)


@finance_page
@require_http_methods(["GET", "POST"])
def contributions(request: HttpRequest) -> HttpResponse:
    on = _day(request)
    form = forms.PledgeForm(request.POST or None, donors=reads.donor_list(user=request.user))
    contribution = submitted(
        request, form, lambda d: services.contribution_pledge(actor=request.user, **d),
        _("The pledge is recorded."))
    if contribution is not None:
        return redirect("finance:contribution", contribution_id=contribution.pk)
    listed = reads.figures_many(reads.contribution_list(user=request.user), on)
    return render(request, "finance/contributions.html", {
        "on": on, "rows": listed, "form": form, "can_edit": policies.may_edit(request.user)},
        status=422 if form.errors else 200)


@finance_page
@require_http_methods(["GET", "POST"])
def contribution_detail(request: HttpRequest, contribution_id: int) -> HttpResponse:
    contribution = reads.contribution_get(user=request.user, contribution_id=contribution_id)
    on = _day(request)
    step = request.POST.get("step")
    agreements = Agreement.objects.filter(donor=contribution.donor)
    commit_form = forms.CommitForm(request.POST if step == "commit" else None,
                                   agreements=agreements)
    receipt_form = forms.ReceiptForm(request.POST if step == "receipt" else None,
                                     initial={"currency": contribution.currency_id})
    allocation_form = forms.AllocationForm(request.POST if step == "allocate" else None)
    writes = {
        "commit": (commit_form, lambda d: services.contribution_commit(
            actor=request.user, contribution=contribution, **d), _("The commitment is recorded.")),
        "receipt": (receipt_form, lambda d: services.receipt_record(
            actor=request.user, contribution=contribution, **d), _("The receipt is recorded.")),
        "allocate": (allocation_form, lambda d: services.allocation_decide(
            actor=request.user, contribution=contribution, **d),
            _("The allocation is recorded.")),
    }
    if step in writes and submitted(request, *writes[step]):
        return redirect("finance:contribution", contribution_id=contribution.pk)
    failed = commit_form.errors or receipt_form.errors or allocation_form.errors
    return render(request, "finance/contribution_detail.html", {
        "c": contribution, "on": on, "figures": reads.figures(contribution, on),
        "receipts": contribution.receipts.select_related("transaction__reversed_by")
                                         .prefetch_related("reimbursements"),
        "allocations": contribution.allocations.select_related("project", "decided_by",
                                                               "reverses"),
        "commit_form": commit_form, "receipt_form": receipt_form,
        "allocation_form": allocation_form, "reverse_form": forms.AllocationReverseForm(),
        "can_edit": policies.may_edit(request.user)}, status=422 if failed else 200)


@finance_page
@require_POST
def allocation_reverse(request: HttpRequest, allocation_id: int) -> HttpResponse:
    _editable(request)
    allocation = reads.allocation_get(user=request.user, allocation_id=allocation_id)
    form = forms.AllocationReverseForm(request.POST)
    if submitted(request, form, lambda d: services.allocation_reverse(
            actor=request.user, allocation=allocation, **d), _("The allocation is taken back.")):
        return redirect("finance:contribution", contribution_id=allocation.contribution_id)
    messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("finance:contribution", contribution_id=allocation.contribution_id)


@finance_page
def projects(request: HttpRequest) -> HttpResponse:
    on = _day(request)
    rows = project_reads.project_funding_many(project_reads.project_list(user=request.user), on)
    return render(request, "finance/projects.html", {"on": on, "rows": rows})


@finance_page
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_reads.project_get(user=request.user, project_id=project_id)
    on = _day(request)
    return render(request, "finance/project_detail.html", {
        "on": on, "funding": project_reads.project_funding(project, on),
        "contributions": reads.contribution_list(user=request.user).filter(project=project),
        "allocations": Allocation.objects.filter(project=project).select_related(
            "contribution__donor", "decided_by")})
