"""Pages of projects and the partner directory (/partners/projects/…, /partners/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.access.policies import has_permission, offices_for
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.views import add_problems, query_without_page
from corridor.partners import policies, selectors, services
from corridor.partners.forms import ProjectFilterForm, ProjectForm

PAGE_SIZE = 50


def _project_or_404(request: HttpRequest, project_id: int):
    try:
        return selectors.project_get_for_user(user=request.user, project_id=project_id)
    except NotFound:
        raise Http404 from None


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    try:
        projects = selectors.project_list(user=request.user, category=filters.get("category", ""))
    except PermissionDenied:
        raise Http404 from None
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/project_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "can_create": offices_for(request.user, "projects.edit").exists(),
    })


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project_or_404(request, project_id)
    return render(request, "partners/project_detail.html", {
        "project": project, "available": project.budget - project.committed - project.spent,
        "can_edit": policies.can(request.user, "edit", project),
        "can_see_cases": has_permission(request.user, "cases.view"),
        "can_open_case": offices_for(request.user, "cases.edit").exists(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    offices = offices_for(request.user, "projects.edit")
    if not offices.exists():
        raise Http404
    form = ProjectForm(request.POST or None, offices=offices, initial={"currency": "USD"})
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ProjectForm.Meta.fields}
        try:
            project = services.project_create(actor=request.user, **data)
        except ValidationFailed as exc:
            add_problems(form, exc)
        except PermissionDenied as exc:
            form.add_error("office", str(exc))
        else:
            messages.success(request, _("Project created."))
            return redirect("partners:project_detail", project_id=project.pk)
    return render(request, "partners/project_form.html", {"form": form, "project": None})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project_or_404(request, project_id)
    if not policies.can(request.user, "edit", project):
        raise Http404
    form = ProjectForm(request.POST or None, instance=project,
                       offices=offices_for(request.user, "projects.edit"),
                       initial={"version": project.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in ProjectForm.Meta.fields}
        project.refresh_from_db()
        try:
            services.project_update(actor=request.user, project=project,
                                    expected_version=form.cleaned_data["version"] or 0,
                                    changes=changes)
        except VersionConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationFailed as exc:
            add_problems(form, exc)
            status = 422
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        else:
            messages.success(request, _("Saved."))
            return redirect("partners:project_detail", project_id=project.pk)
    return render(request, "partners/project_form.html", {"form": form, "project": project},
                  status=status)


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    try:
        partners = selectors.partner_list(user=request.user)
    except PermissionDenied:
        raise Http404 from None
    return render(request, "partners/partner_list.html", {"partners": partners})
