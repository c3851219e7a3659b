"""Pages of the finance officer: thin; each calls one selector or service. Every total links to
the entries that make it up."""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.core import uploads
from corridor.core.errors import NotFound, ValidationFailed
from corridor.core.views import add_problems
from corridor.finance import forms, policies
from corridor.finance.chart import ADMIN_FUND
from corridor.finance.models import Account, ExchangeRate, Fund, Payment
from corridor.finance.selectors import contributions as contribution_reads
from corridor.finance.selectors import ledger as reads
from corridor.finance.services import contributions as contribution_services
from corridor.finance.services import ledger as services

PAGE_SIZE = 100


def finance_page(view):
    """Signed in, with finance.view (else 404, as a page out of reach); NotFound answers 404."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs):
        if not policies.may_view(request.user):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return guarded


def _editable(request) -> None:
    if not policies.may_edit(request.user):
        raise Http404


def _day(request: HttpRequest, name: str = "on", default: date | None = None) -> date:
    """A date from the query string; the default is today (or `default`)."""
    try:
        return date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default or timezone.localdate()


@finance_page
def home(request: HttpRequest) -> HttpResponse:
    on = _day(request)
    funds = [(fund, reads.balance(fund=fund, on=on)) for fund in reads.fund_list(user=request.user)]
    return render(request, "finance/home.html", {"on": on, "funds": funds,
                                                 "can_edit": policies.may_edit(request.user)})


@finance_page
def fund_detail(request: HttpRequest, fund_id: int) -> HttpResponse:
    on = _day(request)
    fund = reads.fund_get(user=request.user, fund_id=fund_id)
    lines = reads.trial_balance(fund=fund, on=on)
    return render(request, "finance/fund_detail.html", {
        "on": on, "fund": fund, "lines": lines, "total": reads.total_of(fund, lines)})


@finance_page
def entries(request: HttpRequest, fund_id: int, account_id: int) -> HttpResponse:
    on = _day(request)
    fund = reads.fund_get(user=request.user, fund_id=fund_id)
    account = reads.account_get(user=request.user, account_id=account_id)
    postings = reads.entries(fund=fund, account=account, on=on).select_related("fund")
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "finance/entries.html", {
        "on": on, "fund": fund, "account": account, "page": page,
        "balance": reads.balance(fund=fund, account=account, on=on)})


@finance_page
def transaction_detail(request: HttpRequest, transaction_id: int) -> HttpResponse:
    txn = reads.transaction_get(user=request.user, transaction_id=transaction_id)
    return render(request, "finance/transaction_detail.html", {
        "txn": txn, "postings": reads.transaction_postings(txn).select_related("fund"),
        "reversal": type(txn).objects.filter(reverses=txn).first(),
        "payment": Payment.objects.filter(transaction=txn).select_related("member").first(),
        "form": forms.ReverseForm(), "can_edit": policies.may_edit(request.user)})


@finance_page
@require_http_methods(["GET", "POST"])
def journal_create(request: HttpRequest) -> HttpResponse:
    """A journal transaction of up to six lines (more through the API)."""
    _editable(request)
    funds, accounts = reads.fund_list(user=request.user), Account.objects.order_by("code")
    form = forms.JournalForm(request.POST or None)
    lines = forms.JournalLines(request.POST or None, form_kwargs={"funds": funds,
                                                                 "accounts": accounts})
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        filled = [line.cleaned_data for line in lines if line.filled]
        try:
            missing = [{"field": f"postings.{i}.{name}", "message": _("This field is required.")}
                       for i, d in enumerate(filled) for name in ("fund", "account", "currency",
                                                                  "amount") if not d[name]]
            if missing:
                raise ValidationFailed(missing)
            txn = services.transaction_post(
                actor=request.user, booked_on=form.cleaned_data["booked_on"],
                description=form.cleaned_data["description"],
                lines=[services.Line(d["fund"], d["account"], d["currency"], d["amount"],
                                     d["year"]) for d in filled])
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            return redirect("finance:transaction", transaction_id=txn.pk)
    return render(request, "finance/journal.html", {"form": form, "lines": lines},
                  status=422 if request.method == "POST" else 200)


@finance_page
@require_POST
def transaction_reverse(request: HttpRequest, transaction_id: int) -> HttpResponse:
    _editable(request)
    txn = reads.transaction_get(user=request.user, transaction_id=transaction_id)
    form = forms.ReverseForm(request.POST)
    if form.is_valid():
        try:
            reversal = services.transaction_reverse(actor=request.user, reversed_txn=txn,
                                                    **form.cleaned_data)
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("The transaction is reversed."))
            return redirect("finance:transaction", transaction_id=reversal.pk)
    return render(request, "finance/transaction_detail.html", {
        "txn": txn, "postings": reads.transaction_postings(txn).select_related("fund"),
        "form": form, "can_edit": True}, status=422)


@finance_page
@require_http_methods(["GET", "POST"])
def rates(request: HttpRequest) -> HttpResponse:
    form = forms.RateForm(request.POST or None)
    if request.method == "POST":
        _editable(request)
        if form.is_valid():
            try:
                services.rate_record(actor=request.user, **form.cleaned_data)
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                messages.success(request, _("The rate is recorded."))
                return redirect("finance:rates")
    listed = ExchangeRate.objects.all()
    if request.GET.get("currency"):
        listed = listed.filter(currency_id=request.GET["currency"].upper())
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "finance/rates.html", {
        "page": page, "form": form, "can_edit": policies.may_edit(request.user)},
        status=422 if form.errors else 200)


@finance_page
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest) -> HttpResponse:
    form = forms.MemberForm(request.POST or None)
    if request.method == "POST":
        _editable(request)
        if form.is_valid():
            try:
                member = contribution_services.member_create(actor=request.user,
                                                             **form.cleaned_data)
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                return redirect("finance:member", member_id=member.pk)
    return render(request, "finance/members.html", {
        "members": contribution_reads.member_list(user=request.user), "form": form,
        "can_edit": policies.may_edit(request.user)}, status=422 if form.errors else 200)


@finance_page
@require_http_methods(["GET", "POST"])
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = contribution_reads.member_get(user=request.user, member_id=member_id)
    until = _day(request, "until")
    since = _day(request, "since", date(until.year, 1, 1))
    form = forms.PaymentForm(request.POST or None)
    if request.method == "POST":
        _editable(request)
        if form.is_valid():
            try:
                contribution_services.payment_record(actor=request.user, member=member,
                                                     **form.cleaned_data)
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                messages.success(request, _("The payment is recorded."))
                return redirect("finance:member", member_id=member.pk)
    return render(request, "finance/member_detail.html", {
        "member": member, "since": since, "until": until, "form": form,
        "admin_fund": Fund.objects.get(code=ADMIN_FUND),
        "statement": contribution_reads.statement(member, since=since, until=until),
        "arrears": contribution_reads.arrears(member, on=until),
        "suspended": contribution_reads.voting_rights_suspended(member, until),
        "can_edit": policies.may_edit(request.user)}, status=422 if form.errors else 200)


@finance_page
@require_http_methods(["GET", "POST"])
def years(request: HttpRequest) -> HttpResponse:
    form = forms.BudgetForm(request.POST or None)
    if request.method == "POST":
        _editable(request)
        if form.is_valid():
            try:
                budget = contribution_services.budget_adopt(actor=request.user,
                                                            **form.cleaned_data)
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                return redirect("finance:year", year=budget.year)
    return render(request, "finance/years.html", {
        "budgets": contribution_reads.budget_list(user=request.user), "form": form,
        "can_edit": policies.may_edit(request.user)}, status=422 if form.errors else 200)


@finance_page
@require_http_methods(["GET", "POST"])
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    scale_form = forms.ScaleForm(request.POST if request.POST.get("step") == "scale" else None,
                                 request.FILES or None)
    assess_form = forms.AssessForm(request.POST if request.POST.get("step") == "assess" else None,
                                   initial={"booked_on": date(year, 1, 1)})
    if request.method == "POST":
        _editable(request)
        form = scale_form if request.POST.get("step") == "scale" else assess_form
        if form.is_valid():
            try:
                if form is scale_form:
                    upload = form.cleaned_data["un_scale"]
                    name = upload.name or "un_scale.csv"
                    contribution_services.scale_compute(
                        actor=request.user, year=year, un_scale=uploads.read(upload, name),
                        filename=name, floor=form.cleaned_data["floor"],
                        ceiling=form.cleaned_data["ceiling"],
                        decimals=form.cleaned_data["decimals"])
                else:
                    contribution_services.assessments_issue(
                        actor=request.user, year=year, booked_on=form.cleaned_data["booked_on"])
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                return redirect("finance:year", year=year)
    found = contribution_reads.year_detail(user=request.user, year=year)
    failed = scale_form.errors or assess_form.errors
    return render(request, "finance/year_detail.html", {
        **found, "scale_form": scale_form, "assess_form": assess_form,
        "can_edit": policies.may_edit(request.user)}, status=422 if failed else 200)


@finance_page
def arrears(request: HttpRequest) -> HttpResponse:
    on = _day(request)
    years_shown, rows = contribution_reads.arrears_ageing(on=on)
    table = [(row, [row.by_year.get(y) for y in years_shown]) for row in rows]
    return render(request, "finance/arrears.html", {"on": on, "years": years_shown,
                                                    "table": table})
