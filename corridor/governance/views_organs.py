"""Pages of the members over time, the organs on a date (who held which seat or office), the
special sessions members ask for, the rule sets and a session's draft minutes."""

from __future__ import annotations

import json

from django import forms as django_forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.access.policies import has_permission
from corridor.core.errors import ValidationFailed
from corridor.core.fetch import get_in_scope
from corridor.core.views import add_problems, download
from corridor.finance.models import MemberState
from corridor.governance import members, minutes, rules, selectors, special
from corridor.governance.forms_organs import (
    ConveneForm,
    OnForm,
    RuleSetForm,
    SpecialRequestForm,
    StateForm,
    StatusForm,
    SupportForm,
    TermForm,
)
from corridor.governance.models import MembershipStatus, RuleSetVersion, SpecialSessionRequest
from corridor.governance.views import _editable, governance_page


def _can_edit(request: HttpRequest) -> bool:
    return has_permission(request.user, "governance.edit")


def _on(request: HttpRequest):
    form = OnForm(request.GET or None, initial={"on": timezone.localdate()})
    day = form.cleaned_data["on"] if form.is_bound and form.is_valid() else timezone.localdate()
    return form, day


@governance_page
@require_http_methods(["GET", "POST"])
def organs(request: HttpRequest) -> HttpResponse:
    """Who held which seat or office on the day chosen."""
    on_form, day = _on(request)
    term_form = TermForm(request.POST or None)
    if request.method == "POST":
        _editable(request)
        if term_form.is_valid():
            try:
                members.term_record(actor=request.user, **term_form.cleaned_data,
                                    rule_set=rules.in_force(term_form.cleaned_data["starts_on"]))
            except ValidationFailed as exc:
                add_problems(term_form, exc)
            else:
                return redirect(f"{request.path}?on={term_form.cleaned_data['starts_on']}")
    return render(request, "governance/organs.html", {
        "on_form": on_form, "holders": members.holders_on(day, rules.rules_in_force(day)),
        "term_form": term_form, "can_edit": _can_edit(request)},
        status=422 if term_form.errors else 200)


@governance_page
@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest) -> HttpResponse:
    """Every State with its status history; a status change, a State not yet known."""
    step = request.POST.get("step")
    status_form = StatusForm(request.POST if step == "status" else None)
    state_form = StateForm(request.POST if step == "state" else None, prefix="state")
    if request.method == "POST":
        _editable(request)
        if step == "status" and status_form.is_valid():
            try:
                members.status_record(actor=request.user, **status_form.cleaned_data)
            except ValidationFailed as exc:
                add_problems(status_form, exc)
            else:
                return redirect("governance:members")
        if step == "state" and state_form.is_valid():
            code = state_form.cleaned_data["iso3"].upper()
            if MemberState.objects.filter(iso3=code).exists():
                state_form.add_error("iso3", _("%(code)s is known already.") % {"code": code})
            else:
                with transaction.atomic():
                    # finance's record of the State; its status is the history written next.
                    MemberState.objects.create(iso3=code, name=state_form.cleaned_data["name"])
                messages.success(request, _("Now record its status."))
                return redirect("governance:members")
    today = timezone.localdate()
    statuses = selectors.statuses_on(today)
    history: dict[int, list] = {}
    for row in MembershipStatus.objects.select_related("decision").order_by("since", "id"):
        history.setdefault(row.member_id, []).append(row)
    rows = [(m, statuses.get(m.pk), history.get(m.pk, [])) for m in MemberState.objects.order_by("name")]
    return render(request, "governance/members.html", {
        "rows": rows, "status_form": status_form, "state_form": state_form,
        "can_edit": _can_edit(request)},
        status=422 if status_form.errors or state_form.errors else 200)


def _rule_set_choices():
    return [(a.key, a.title) for a in rules.available()]


@governance_page
@require_http_methods(["GET", "POST"])
def special_list(request: HttpRequest) -> HttpResponse:
    form = SpecialRequestForm(request.POST or None, rule_sets=_rule_set_choices(),
                              initial={"opened_on": timezone.localdate()})
    if request.method == "POST":
        _editable(request)
        if form.is_valid():
            try:
                request_ = special.request_open(actor=request.user, **form.cleaned_data)
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                return redirect("governance:special", request_id=request_.pk)
    return render(request, "governance/special_list.html", {
        "requests": SpecialSessionRequest.objects.select_related("session"), "form": form,
        "can_edit": _can_edit(request)}, status=422 if form.errors else 200)


@governance_page
@require_http_methods(["GET", "POST"])
def special_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    found = get_in_scope(SpecialSessionRequest.objects.all(), request_id, "No such request")
    step = request.POST.get("step")
    today = timezone.localdate()
    support = SupportForm(request.POST if step == "support" else None, initial={"on": today})
    convene = ConveneForm(request.POST if step == "convene" else None, initial={"opens_on": today})
    if request.method == "POST":
        _editable(request)
        try:
            if step == "support" and support.is_valid():
                special.request_support(actor=request.user, request=found,
                                        members=list(support.cleaned_data["members"]),
                                        on=support.cleaned_data["on"])
                return redirect("governance:special", request_id=found.pk)
            if step == "convene" and convene.is_valid():
                session = special.request_convene(actor=request.user, request=found,
                                                  **convene.cleaned_data)
                return redirect("governance:session", session_id=session.pk)
        except ValidationFailed as exc:
            add_problems(support if step == "support" else convene, exc)
    return render(request, "governance/special_detail.html", {
        "request_": found, "asking": found.supports.select_related("member"),
        "count": special.count(found, today), "support": support, "convene": convene,
        "can_edit": _can_edit(request)}, status=422 if support.errors or convene.errors else 200)


@governance_page
@require_http_methods(["GET", "POST"])
def rule_sets(request: HttpRequest) -> HttpResponse:
    """The stored versions; a new one from the JSON typed here or uploaded, checked by the
    engine (refused with every problem, nothing written)."""
    base = request.GET.get("from") or "constitution-1996"
    form = RuleSetForm(request.POST or None, request.FILES or None, initial={
        "document": json.dumps(rules.base_document(base) if base in {a.key for a in rules.available()}
                               else rules.base_document("constitution-1996"),
                               indent=2, ensure_ascii=False)})
    if request.method == "POST":
        _editable(request)
        if form.is_valid():
            try:
                text = form.text()
                row = rules.version_create(actor=request.user, document=rules.parse(text),
                                           note=form.cleaned_data.get("note", ""))
            except django_forms.ValidationError as exc:
                form.add_error("upload", exc)
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                messages.success(request, _("Version %(version)s of %(key)s is stored.")
                                 % {"version": row.version, "key": row.key})
                return redirect("governance:rule_sets")
    return render(request, "governance/rule_sets.html", {
        "versions": RuleSetVersion.objects.all(), "available": rules.available(), "form": form,
        "can_edit": _can_edit(request)}, status=422 if form.errors else 200)


@governance_page
def session_minutes(request: HttpRequest, session_id: int, as_text: bool = False) -> HttpResponse:
    session = selectors.session_get(user=request.user, session_id=session_id)
    if as_text:
        return download(minutes.text(session).encode("utf-8"), "text/plain; charset=utf-8",
                        f"minutes-{session.organ}-{session.number}.txt")
    return render(request, "governance/minutes.html", {**minutes.context(session),
                                                       "text": minutes.text(session)})
