"""Pages for imports and exports: thin; each calls one service or selector."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from corridor.access.policies import has_permission, offices_for
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.views import download
from corridor.registry.imports import exports, selectors, tasks, xlsform
from corridor.registry.imports.columns import SPREADSHEET_COLUMNS
from corridor.registry.imports.forms import ConfirmForm, ExportForm, ImportForm
from corridor.tasks import selectors as task_selectors


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload: the file is kept and its check queued; the task's page shows the progress, then
    the preview with the button that confirms the import."""
    offices = offices_for(request.user, "registry.import")
    if not offices.exists():
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = tasks.start_check(actor=request.user, office=data["office"],
                                       upload=data["file"], kind=data["kind"],
                                       every_status=data["every_status"])
        except PermissionDenied:
            raise Http404 from None
        return redirect("tasks:detail", task_id=record.pk)
    return render(request, "registry/imports/start.html",
                  {"form": form, "columns": SPREADSHEET_COLUMNS})


def _check_of(request: HttpRequest):
    """The check task the posted form names, if it is this user's; else 404."""
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        return task_selectors.task_get_for_user(user=request.user,
                                                task_id=form.cleaned_data["task"])
    except NotFound:
        raise Http404 from None


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    check = _check_of(request)
    try:
        record = tasks.confirm(actor=request.user, check=check)
    except PermissionDenied:
        raise Http404 from None
    return redirect("tasks:detail", task_id=record.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest) -> HttpResponse:
    tasks.cancel(check=_check_of(request))
    return redirect("registry_imports:start")


@login_required
def import_result(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        batch = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    except NotFound:
        raise Http404 from None
    return render(request, "registry/imports/result.html", {"batch": batch})


@login_required
def pcodes_download(request: HttpRequest) -> HttpResponse:
    """The P-codes file the XLSForm's place of origin is chosen from (upload it with the form)."""
    if not has_permission(request.user, "registry.import"):
        raise Http404
    return download(xlsform.pcodes_csv_bytes(), "text/csv", xlsform.PCODES_FILE)


@login_required
def xlsform_download(request: HttpRequest) -> HttpResponse:
    if not has_permission(request.user, "registry.import"):
        raise Http404
    return download(xlsform.xlsform_bytes(),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    f"{xlsform.FORM_ID}.xlsx")


@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    if not has_permission(request.user, "registry.export"):
        raise Http404
    return render(request, "registry/imports/export.html", {"form": ExportForm()})


def _export(request: HttpRequest, file_format: str) -> HttpResponse:
    # The page posts its filters (a searched name stays out of the address); GET still works.
    form = ExportForm((request.POST if request.method == "POST" else request.GET) or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ExportFilters(query=data.get("q", ""), category=data.get("category", ""),
                                      sex=data.get("sex", ""),
                                      nationality=data.get("nationality", ""))
    try:
        people = selectors.people_for_export(user=request.user, filters=filters,
                                             file_format=file_format)
    except PermissionDenied:
        raise Http404 from None
    if file_format == "csv":
        body, content_type = exports.people_csv(people), "text/csv; charset=utf-8"
    else:
        body = exports.people_xlsx(people)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return download(body, content_type, f"people.{file_format}")


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")

