"""Pages of case transfers: the request form on a case, the transfers an office received and
sent, and the receiving office's accept and decline (which show the request and the case's
minimal summary, never its names, notes or attachments)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.access.policies import has_permission
from corridor.cases import forms, policies, selectors, services
from corridor.cases.models import CaseTransfer, TransferStatus
from corridor.cases.views import PAGE_SIZE, _action, _editable_case
from corridor.core.audit import audit_listed
from corridor.core.errors import NotFound, PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def transfer_request(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _editable_case(request, case_id)
    form = forms.TransferForm(request.POST or None,
                              offices=policies.transfer_targets(request.user, case),
                              initial={"version": case.version})
    return _action(request, case, form=form, title=_("Transfer to another office"),
                   status_ok=_("Transfer requested: the case stays here until the receiving "
                               "office accepts it."),
                   perform=lambda d: services.transfer_request(
                       actor=request.user, case=case, office=d["office"], reason=d["reason"],
                       expected_version=d["version"]))


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    """Pending transfers received by the offices the user answers for, then those sent."""
    if not has_permission(request.user, "cases.view"):
        raise Http404
    received = Paginator(selectors.transfer_list(user=request.user, direction="received",
                                                 status=TransferStatus.PENDING),
                         PAGE_SIZE).get_page(request.GET.get("page"))
    sent = selectors.transfer_list(user=request.user, direction="sent")[:PAGE_SIZE]
    shown = [t.pk for t in received] + [t.pk for t in sent]
    audit_listed(actor=request.user, object_type="cases.casetransfer", ids=shown,
                 filters={}, what="transfers")
    return render(request, "cases/transfer_list.html", {
        "page": received, "sent": sent, "query": ""})


def _transfer_or_404(request: HttpRequest, transfer_id: int, *,
                     audit: bool = False) -> CaseTransfer:
    try:
        return selectors.transfer_get_for_user(user=request.user, transfer_id=transfer_id,
                                               audit=audit)
    except (NotFound, PermissionDenied):
        raise Http404 from None


def _answer(request: HttpRequest, transfer: CaseTransfer, *, form, title: str, perform,
            status_ok: str) -> HttpResponse:
    """An answer to a transfer: the request and its case's summary above the form; done, back
    to the case if the user can see it now, else to the transfers."""
    def done() -> HttpResponse:
        if policies.visible_to(request.user).filter(pk=transfer.case_id).exists():
            return redirect("cases:case_detail", case_id=transfer.case_id)
        return redirect("cases:transfer_list")

    return _action(request, transfer.case, form=form, title=title, perform=perform,
                   status_ok=status_ok, done=done, template="cases/transfer_answer.html",
                   extra={"transfer": transfer})


@login_required
@require_http_methods(["GET", "POST"])
def transfer_accept(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = _transfer_or_404(request, transfer_id, audit=request.method == "GET")
    if not policies.can_answer(request.user, transfer):
        raise Http404
    form = forms.VersionedForm(request.POST or None, initial={"version": transfer.version})
    return _answer(request, transfer, form=form, title=_("Accept the transfer"),
                   status_ok=_("Transfer accepted: the case and the person's record are now "
                               "in your office."),
                   perform=lambda d: services.transfer_accept(
                       actor=request.user, transfer=transfer, expected_version=d["version"]))


@login_required
@require_http_methods(["GET", "POST"])
def transfer_decline(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = _transfer_or_404(request, transfer_id, audit=request.method == "GET")
    if not policies.can_answer(request.user, transfer):
        raise Http404
    form = forms.TransferDeclineForm(request.POST or None, initial={"version": transfer.version})
    return _answer(request, transfer, form=form, title=_("Decline the transfer"),
                   status_ok=_("Transfer declined: the case stays with the sending office."),
                   perform=lambda d: services.transfer_decline(
                       actor=request.user, transfer=transfer, reason=d["reason"],
                       expected_version=d["version"]))


@login_required
@require_http_methods(["GET", "POST"])
def transfer_cancel(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = _transfer_or_404(request, transfer_id)
    case = _editable_case(request, transfer.case_id)
    form = forms.VersionedForm(request.POST or None, initial={"version": transfer.version})
    return _action(request, case, form=form, title=_("Cancel the transfer"),
                   status_ok=_("Transfer cancelled."),
                   perform=lambda d: services.transfer_cancel(
                       actor=request.user, transfer=transfer, expected_version=d["version"]))
