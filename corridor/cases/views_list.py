"""The case list: filters, sorting by column, and export of what it lists (CSV, Excel) or of
the cases ticked on it (issue 18, item 12). Every list shown and every export is audited."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.access import saved_filters
from corridor.access.policies import offices_for
from corridor.cases import exports, forms, selectors
from corridor.cases.views import _int
from corridor.core.audit import audit_exported, audit_listed
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.exports import CONTENT_TYPES
from corridor.core.views import download, query_without_page

PAGE_SIZE = 50
# Columns the list sorts by: ?sort=<key> ascending, ?sort=-<key> descending.
SORTS = {"reference": "reference", "kind": "kind", "state": "state",
         "project": "project__code", "office": "office__code", "opened": "created_at"}
# One export holds at most this many cases; past it the user narrows the filters.
EXPORT_LIMIT = 50_000
# What a saved filter keeps: the choices of the filter form and the order (the reference box is
# typed by hand, and free text is never stored).
SAVED = ("state", "kind", "office", "mine", "project", "sort")


def _listed(request: HttpRequest):
    form = forms.CaseFilterForm(request.GET or None,
                                offices=offices_for(request.user, "cases.view").order_by("code"))
    filters = form.cleaned_data if form.is_valid() else {}
    office = filters.get("office")
    used = {"state": filters.get("state", ""), "kind": filters.get("kind", ""),
            "office_id": office.pk if office else None,
            "assigned_to_me": filters.get("mine", False),
            "reference": filters.get("reference", ""),
            "project_id": _int(request.GET.get("project"))}
    try:
        cases = selectors.case_list(user=request.user, **used)
    except PermissionDenied:
        raise Http404 from None
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") in SORTS:
        field = SORTS[sort.lstrip("-")]
        cases = cases.order_by(f"-{field}" if sort.startswith("-") else field, "-id")
    else:
        sort = ""
    return form, used, cases, sort


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    form, used, cases, sort = _listed(request)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    # The list names the person of each case: the page shown is an audited view.
    audit_listed(actor=request.user, object_type="cases.case", ids=[c.pk for c in page],
                 filters=used, what="cases", offices=[c.office_id for c in page])
    return render(request, "cases/case_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "can_open": offices_for(request.user, "cases.edit").exists(),
        "sort": sort, "headers": _headers(request, sort),
        "saved_filters": saved_filters.for_list(request.user, "cases"),
    })


@login_required
@require_POST
def filter_save(request: HttpRequest) -> HttpResponse:
    """Keep the list's current filters (posted as its query string) under a name."""
    from django.http import QueryDict

    params = QueryDict(request.POST.get("query", ""))
    try:
        kept = saved_filters.save(user=request.user, page="cases", name=request.POST.get("name"),
                                  params=params, allowed=SAVED)
    except ValidationFailed as exc:
        messages.error(request, "; ".join(str(p["message"]) for p in exc.problems))
        kept = None
    else:
        messages.success(request, _("Filter “%(name)s” saved.") % {"name": kept.name})
    query = kept.query if kept else params.urlencode()
    return redirect(reverse("cases:case_list") + (f"?{query}" if query else ""))


@login_required
@require_POST
def filter_delete(request: HttpRequest, filter_id: int) -> HttpResponse:
    try:
        saved_filters.delete(user=request.user, filter_id=filter_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Filter deleted."))
    return redirect("cases:case_list")


def _headers(request: HttpRequest, sort: str) -> list[tuple[str, str, str]]:
    """(label, link that sorts by it or "", aria-sort value or "") for each column in order; a
    second click on the sorted column reverses it."""
    kept = request.GET.copy()
    kept.pop("sort", None)
    kept.pop("page", None)
    prefix = f"?{kept.urlencode()}&sort=" if kept else "?sort="
    headers = []
    for key in ("reference", "for", "kind", "state", "project", "office", "assigned", "opened"):
        if key not in SORTS:
            headers.append((str(forms.COLUMN_LABELS[key]), "", ""))
            continue
        aria = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        link = prefix + (f"-{key}" if sort == key else key)
        headers.append((str(forms.COLUMN_LABELS[key]), link, aria))
    return headers


@login_required
@require_http_methods(["GET", "POST"])
def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: the cases the list's filters find, in its order. POST: the cases ticked (`case`),
    which must all be in the user's scope (else 404: nothing is said of the others)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, used, cases, sort = _listed(request)
    if request.method == "POST":
        wanted = {int(v) for v in request.POST.getlist("case") if v.isdigit()}
        if not wanted:
            raise Http404
        cases = cases.filter(pk__in=wanted)
        if cases.count() != len(wanted):
            raise Http404
    cases = list(cases[:EXPORT_LIMIT])
    data = exports.cases_csv(cases) if fmt == "csv" else exports.cases_xlsx(cases)
    audit_exported(actor=request.user, object_type="cases.case", ids=[c.pk for c in cases],
                   what="cases", offices=[c.office_id for c in cases],
                   summary=f"Exported {len(cases)} cases ({fmt})",
                   details={"format": fmt, "selected": request.method == "POST",
                            "filters": sorted(k for k, v in used.items() if v), "sort": sort})
    return download(data, CONTENT_TYPES[fmt], f"cases.{fmt}")
