"""Pages for imports and exports: thin; each calls one service or selector."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from corridor.access.models import Office
from corridor.access.policies import has_permission, offices_for
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.views import download
from corridor.registry.imports import exports, pending, selectors, services, xlsform
from corridor.registry.imports.columns import SPREADSHEET_COLUMNS
from corridor.registry.imports.forms import ConfirmForm, ExportForm, ImportForm


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    offices = offices_for(request.user, "registry.import")
    if not offices.exists():
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None, offices=offices)
    context = {"form": form, "columns": SPREADSHEET_COLUMNS}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.people_import(actor=request.user, office=data["office"],
                                            upload=data["file"], kind=data["kind"], dry_run=True,
                                            every_status=data["every_status"])
        except services.ImportRefused as exc:
            return render(request, "registry/imports/preview.html",
                          {"report": exc.report.as_dict()}, status=422)
        token = ""
        if report.status == "preview":
            token = pending.save(data["file"], name=report.file, kind=data["kind"],
                                 office=data["office"].pk, user=request.user.pk,
                                 every_status=data["every_status"])
        return render(request, "registry/imports/preview.html",
                      {"report": report.as_dict(), "confirm": ConfirmForm(initial={"token": token})
                       if token else None})
    return render(request, "registry/imports/start.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    facts = _pending_of(request)
    path = pending.path_of(facts["file"])
    office = Office.objects.filter(pk=facts["office"]).first()
    try:
        if office is None or path is None or not path.exists():
            raise Http404
        with path.open("rb") as handle:
            report = services.people_import(actor=request.user, office=office,
                                            upload=File(handle, name=facts["name"]),
                                            kind=facts["kind"], dry_run=False,
                                            every_status=bool(facts.get("every_status")))
    except PermissionDenied:
        raise Http404 from None
    except services.ImportRefused as exc:  # the data changed since the preview (a P-code removed)
        return render(request, "registry/imports/preview.html",
                      {"report": exc.report.as_dict()}, status=422)
    finally:  # imported, refused or failed: the file is not needed any more
        pending.discard(facts["file"])
    if report.batch_id is None:
        return render(request, "registry/imports/preview.html", {"report": report.as_dict()})
    return redirect("registry_imports:result", batch_id=report.batch_id)


@login_required
@require_POST
def import_cancel(request: HttpRequest) -> HttpResponse:
    pending.discard(_pending_of(request)["file"])
    return redirect("registry_imports:start")


def _pending_of(request: HttpRequest) -> dict:
    """The pending import the posted token names, if it is this user's; else 404."""
    facts = pending.load(ConfirmForm(request.POST).data.get("token", ""))
    if facts is None or facts.get("user") != request.user.pk:
        raise Http404
    return facts


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

