"""Pages that add to a registered person's record: an identity document (with its expiry, which
the movement planner's travel-document check reads) and a consent given, refused or withdrawn.
Each is linked from the person's page and writes through the registry's services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.core.errors import ValidationFailed
from corridor.core.views import add_problems, or_404
from corridor.registry import policies, selectors, services
from corridor.registry.forms import ConsentForm, DocumentForm


def _editable_person(request: HttpRequest, person_id: int):
    # The page names the person: its GET is an audited view of the record.
    person = or_404(selectors.person_get_for_user, user=request.user, person_id=person_id,
                    audit=request.method == "GET")
    if not policies.can(request.user, "edit", person):
        raise Http404
    return person


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _editable_person(request, person_id)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            or_404(services.document_add, actor=request.user, person=person,
                   document=form.document_inputs()[0])
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "registry/detail_form.html", {
        "form": form, "person": person,
        "title": _("Add an identity document for %(person)s") % {"person": person}})


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _editable_person(request, person_id)
    form = ConsentForm(request.POST or None, initial={"recorded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consent = services.ConsentInput(
            purpose=data["purpose"], given=data["given"], recorded_on=data["recorded_on"],
            partner_id=data["partner"].pk if data["partner"] else None,
            notice_id=data["notice"].pk if data.get("notice") else None)
        try:
            or_404(services.consent_record, actor=request.user, person=person, consent=consent)
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "registry/detail_form.html", {
        "form": form, "person": person,
        "title": _("Record a consent of %(person)s") % {"person": person}})
