"""The agenda and the documents of a session, and finding a document by its symbol."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.access.policies import has_permission
from corridor.core.errors import NotFound, ValidationFailed
from corridor.core.views import add_problems
from corridor.finance.models import MemberState
from corridor.governance import agendas, forms, selectors
from corridor.governance.views import _editable, governance_page


@governance_page
@require_http_methods(["GET", "POST"])
def agenda(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, session_id=session_id)
    step = request.POST.get("step")
    item_form = forms.ItemForm(request.POST if step == "item" else None,
                               members=MemberState.objects.order_by("name"))
    document_form = forms.DocumentForm(request.POST if step == "document" else None)
    if request.method == "POST":
        _editable(request)
        try:
            if step == "item" and item_form.is_valid():
                data = item_form.cleaned_data
                document = (agendas.document_by_symbol(data["document"])
                            if data["document"] else None)
                agendas.item_add(actor=request.user, session=session, title=data["title"],
                                 additional=data["additional"], memorandum=data["memorandum"],
                                 requested_by=list(data["requested_by"]), document=document)
                return redirect("governance:agenda", session_id=session.pk)
            if step == "document" and document_form.is_valid():
                agendas.document_add(actor=request.user, session=session,
                                     **document_form.cleaned_data)
                return redirect("governance:agenda", session_id=session.pk)
            if step == "adopt":
                agendas.agenda_adopt(actor=request.user, session=session,
                                     on=timezone.localdate())
                messages.success(request, _("The agenda is adopted."))
                return redirect("governance:agenda", session_id=session.pk)
        except NotFound as exc:
            item_form.add_error("document", str(exc))
        except ValidationFailed as exc:
            add_problems(item_form if step != "document" else document_form, exc)
    return render(request, "governance/agenda.html", {
        "session": session, "items": session.items.prefetch_related("requested_by")
        .select_related("document"), "documents": session.documents.all(),
        "item_form": item_form, "document_form": document_form,
        "can_edit": has_permission(request.user, "governance.edit")},
        status=422 if item_form.errors or document_form.errors else 200)


@governance_page
def document_find(request: HttpRequest) -> HttpResponse:
    """`?symbol=MC/1868`: the document's page; the list of documents without a symbol."""
    symbol = request.GET.get("symbol", "").strip()
    if symbol:
        try:
            document = agendas.document_by_symbol(symbol)
        except NotFound:
            raise Http404 from None
        return render(request, "governance/document.html", {"document": document})
    from corridor.governance.models import Document

    return render(request, "governance/documents.html",
                  {"documents": Document.objects.select_related("session")})
