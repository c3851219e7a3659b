"""Assign or transfer the cases ticked on the case list (issue 18, item 12). The list posts the
ticked cases here; this page names them (references only: no person's name, so nothing to audit
as a view), reads their versions and asks for the assignee or the receiving office; confirming
runs the bulk service, which changes all of them or none."""

from __future__ import annotations

from functools import reduce

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from corridor.cases import forms, policies, selectors
from corridor.cases.models import Case
from corridor.cases.services import bulk
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.core.views import add_problems

ACTIONS = {"assign": forms.BulkAssignForm, "transfer": forms.BulkTransferForm}


def _selected(request: HttpRequest) -> list[Case]:
    """The ticked cases, every one in the user's scope and editable by them, else 404 (nothing
    is said of the others)."""
    wanted = {int(v) for v in request.POST.getlist("case") if v.isdigit()}
    try:
        cases = list(selectors.case_list(user=request.user).filter(pk__in=wanted)
                     .order_by("reference"))
    except PermissionDenied:
        raise Http404 from None
    if len(cases) != len(wanted) or not all(policies.can(request.user, "edit", c) for c in cases):
        raise Http404
    return cases


def _form(action: str, cases: list[Case], user, data=None):
    if action == "assign":
        offices = list({c.office_id: c.office for c in cases}.values())
        return forms.BulkAssignForm(data, offices=offices)
    # Only the offices every selected case may go to (the one rule: policies.transfer_targets).
    targets = [policies.transfer_targets(user, c) for c in cases]
    return forms.BulkTransferForm(data, offices=reduce(lambda a, b: a & b, targets))


def _version(posted: str | None) -> int:
    """The version the confirmation page read; one missing or garbled is no version the case
    ever had (0), so that its service refuses it as changed rather than the page failing."""
    return int(posted) if posted and posted.isdigit() else 0


@login_required
@require_POST
def case_bulk(request: HttpRequest, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    if len(request.POST.getlist("case")) > bulk.BULK_LIMIT:
        # Refused before any form is built: each case adds a query to the offices offered.
        messages.error(request, _("Select at most %(limit)d cases at once.")
                       % {"limit": bulk.BULK_LIMIT})
        return redirect("cases:case_list")
    cases = _selected(request)
    if not cases:
        messages.error(request, _("Select at least one case."))
        return redirect("cases:case_list")
    confirming = "confirm" in request.POST
    form = _form(action, cases, request.user, request.POST if confirming else None)
    # The versions are read when this page is shown; a case changed before the confirmation
    # is refused by its service as changed by someone else.
    read = {c: _version(request.POST.get(f"version-{c.pk}")) if confirming else c.version
            for c in cases}
    status = 200
    if confirming and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "assign":
                done = bulk.cases_assign(actor=request.user, read=read, assignee=data["assignee"])
            else:
                done = bulk.cases_transfer(actor=request.user, read=read, office=data["office"],
                                           reason=data["reason"])
        except ValidationFailed as exc:
            add_problems(form, exc)
            status = 422
        else:
            messages.success(request, (ngettext("%(count)d case assigned.",
                                                "%(count)d cases assigned.", done)
                                       if action == "assign" else
                                       ngettext("Transfer requested for %(count)d case.",
                                                "Transfer requested for %(count)d cases.", done))
                             % {"count": done})
            return redirect("cases:case_list")
    return render(request, "cases/case_bulk.html", {
        "form": form, "cases": cases, "read": read, "action": action,
        "title": _("Assign the selected cases") if action == "assign"
        else _("Transfer the selected cases"),
    }, status=status)
