"""Pages for imports and exports: thin; each calls one service or selector."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files import File
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from corridor.access.models import Office
from corridor.access.policies import has_permission, offices_for
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.views import download
from corridor.registry.imports import exports, selectors, services, xlsform
from corridor.registry.imports.columns import SPREADSHEET_COLUMNS
from corridor.registry.imports.forms import ConfirmForm, ExportForm, ImportForm

_SALT = "corridor.registry.imports.pending"
_PENDING_HOURS = 1


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports" / "pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


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
                                            upload=data["file"], kind=data["kind"], dry_run=True)
        except services.ImportRefused as exc:
            return render(request, "registry/imports/preview.html",
                          {"report": exc.report.as_dict()}, status=422)
        token = ""
        if report.status == "preview":
            pending = uuid.uuid4().hex
            upload = data["file"]
            upload.seek(0)
            with open(_pending_dir() / pending, "wb") as target:
                for chunk in upload.chunks():
                    target.write(chunk)
            token = signing.dumps({"file": pending, "name": report.file, "kind": data["kind"],
                                   "office": data["office"].pk, "user": request.user.pk},
                                  salt=_SALT)
        return render(request, "registry/imports/preview.html",
                      {"report": report.as_dict(), "confirm": ConfirmForm(initial={"token": token})
                       if token else None})
    return render(request, "registry/imports/start.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST)
    try:
        pending = signing.loads(form.data.get("token", ""), salt=_SALT,
                                max_age=_PENDING_HOURS * 3600)
    except signing.BadSignature:
        raise Http404 from None
    path = _pending_dir() / pending["file"]
    if pending["user"] != request.user.pk or not path.exists():
        raise Http404
    office = Office.objects.filter(pk=pending["office"]).first()
    if office is None:
        raise Http404
    try:
        with path.open("rb") as handle:
            report = services.people_import(actor=request.user, office=office,
                                            upload=File(handle, name=pending["name"]),
                                            kind=pending["kind"], dry_run=False)
    except PermissionDenied:
        raise Http404 from None
    except services.ImportRefused as exc:  # the data changed since the preview (a P-code removed)
        return render(request, "registry/imports/preview.html",
                      {"report": exc.report.as_dict()}, status=422)
    finally:
        path.unlink(missing_ok=True)
    if report.batch_id is None:
        return render(request, "registry/imports/preview.html", {"report": report.as_dict()})
    return redirect("registry_imports:result", batch_id=report.batch_id)


@login_required
def import_result(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        batch = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
    except NotFound:
        raise Http404 from None
    return render(request, "registry/imports/result.html", {"batch": batch})


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

