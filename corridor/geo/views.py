"""The gazetteer's import page: upload a file of administrative areas or of sites; the worker
imports it (corridor.geo.tasks) and the task's page follows it."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.geo import tasks
from corridor.geo.models import AdminArea, Site


class GeoImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=tasks.GeoFile.choices)
    file = forms.FileField(label=_("File (CSV, Excel or HXL-tagged CSV)"))


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    try:
        tasks.check_import_allowed(request.user)
    except PermissionDenied:
        raise Http404 from None
    form = GeoImportForm(request.POST or None, request.FILES or None)
    problems: list[dict] = []
    if request.method == "POST" and form.is_valid():
        try:
            record = tasks.start_import(actor=request.user, kind=form.cleaned_data["kind"],
                                        upload=form.cleaned_data["file"])
        except ValidationFailed as exc:
            problems = exc.problems
        else:  # the worker checks and writes it; its page follows
            return redirect("tasks:detail", task_id=record.pk)
    return render(request, "geo/import.html", {
        "form": form, "problems": problems, "areas": AdminArea.objects.count(),
        "sites": Site.objects.count()}, status=422 if problems else 200)
