"""Pages of a person's travel readiness, linked from the person's page (movements.panels): a
medical clearance and an exit or entry permission, which the planner checks before it books."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.core.errors import ValidationFailed
from corridor.core.views import add_problems, or_404
from corridor.movements import forms, services
from corridor.registry import selectors as registry_selectors


def _readiness_page(request: HttpRequest, person_id: int, form_class, record, done: str,
                    title: str) -> HttpResponse:
    # The page names the person: audited as a view of their record.
    person = or_404(registry_selectors.person_get_for_user, user=request.user,
                    person_id=person_id, audit=request.method == "GET")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            or_404(record, actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, done)
            return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "movements/form.html", {
        "form": form, "title": title % {"person": person}})


@login_required
@require_http_methods(["GET", "POST"])
def clearance_add(request: HttpRequest, person_id: int) -> HttpResponse:
    return _readiness_page(request, person_id, forms.ClearanceForm, services.clearance_record,
                           _("Medical clearance recorded."),
                           _("Medical clearance for %(person)s"))


@login_required
@require_http_methods(["GET", "POST"])
def permission_add(request: HttpRequest, person_id: int) -> HttpResponse:
    return _readiness_page(request, person_id, forms.PermissionForm, services.permission_record,
                           _("Permission recorded."),
                           _("Exit or entry permission for %(person)s"))
