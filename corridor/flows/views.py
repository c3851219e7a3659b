"""Pages of the flows app: thin; each parses its input, calls selectors or services, renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.exports import CONTENT_TYPES
from corridor.core.views import download
from corridor.flows import (
    charts,
    columns,
    exports,
    labels,
    policies,
    publication,
    selectors,
    services,
)
from corridor.flows import tasks as flow_tasks
from corridor.flows.forms import FREQUENCIES, FlowFilterForm, ImportForm, PointForm
from corridor.flows.models import ImportKind
from corridor.geo.countries import country_name
from corridor.geo.models import AdminArea
from engines.flowstats import TOTAL

PAGE_SIZE = 50
BREAKDOWNS = ("sex", "age_group", "nationality", "reason", "direction")


def _filters(request: HttpRequest):
    """The filter form and the scoped query it describes; out of scope answers 404."""
    try:
        points = selectors.point_list(user=request.user)
    except PermissionDenied:
        raise Http404 from None
    form = FlowFilterForm(request.GET or None, points=points,
                          countries=policies.countries_visible_to(request.user))
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    if "point" in form.errors:
        raise Http404  # a point outside the user's offices is not offered: as if absent
    query = selectors.FlowQuery(
        date_from=data.get("date_from"), date_to=data.get("date_to"), country=data.get("country") or "",
        admin_area=data.get("admin_area") or "", point_id=data["point"].pk if data.get("point") else None,
        **{d: data.get(d) or "" for d in selectors.FILTER_DIMENSIONS}).with_default_period()
    try:
        scope = selectors.scope_for(user=request.user, query=query)
    except NotFound:
        raise Http404 from None
    keep = request.GET.copy()
    keep.pop("page", None)
    return form, query, scope, data.get("frequency") or "weekly", keep.urlencode()


def _drill_link(query_string: str, **changes) -> str:
    from django.http import QueryDict

    params = QueryDict(query_string, mutable=True)
    for key in ("country", "admin_area", "point"):
        params.pop(key, None)
    for key, value in changes.items():
        params[key] = value
    return f"{reverse('flows:dashboard')}?{params.urlencode()}"


def _markers(request, query, scope, query_string) -> list[charts.Marker]:
    """Points sized by their (suppressed) totals; at the top level each country is a link to
    drill down, deeper each admin area of the country."""
    totals = selectors.point_totals(scope=scope)
    alerted = set(selectors.alert_list(user=request.user, open_only=True)
                  .values_list("point__code", flat=True))
    markers = []
    country = query.country or (scope.area.country if scope.area else scope.point.admin_area.country
                                if scope.point else "")
    if country:
        areas = AdminArea.objects.filter(country=country, level__gte=1, latitude__isnull=False)
    else:
        areas = AdminArea.objects.filter(level=0, latitude__isnull=False,
                                         country__in={p.admin_area.country for p in scope.points})
    for area in areas:
        link = (_drill_link(query_string, country=country, admin_area=area.pcode) if country
                else _drill_link(query_string, country=area.country))
        markers.append(charts.Marker(float(area.latitude), float(area.longitude),
                                     labels.area_name(area.level, area.country, area.name), None, "", link,
                                     "area" if country else "country"))
    for point in scope.points:
        latitude = point.latitude or point.admin_area.latitude
        longitude = point.longitude or point.admin_area.longitude
        if latitude is None:
            continue
        row = totals.get(point.code)
        markers.append(charts.Marker(float(latitude), float(longitude), point.name,
                                     row["count"] if row else None, row["display"] if row else "0",
                                     reverse("flows:point_detail", args=[point.pk]),
                                     "alert" if point.code in alerted else "point"))
    return markers


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, query, scope, frequency, query_string = _filters(request)
    series = selectors.series(scope=scope, frequency=frequency)
    alerts = selectors.alert_list(user=request.user, open_only=True)
    trail = []
    if query.country:
        trail.append((country_name(query.country),
                      _drill_link(query_string, country=query.country)))
    if scope.area:
        trail.append((labels.area_name(scope.area.level, scope.area.country, scope.area.name),
                      _drill_link(query_string, country=scope.area.country, admin_area=scope.area.pcode)))
    if scope.point:
        trail.append((scope.point.name, ""))
    return render(request, "flows/dashboard.html", {
        "form": form, "query": query, "query_string": query_string, "frequency": frequency,
        "frequency_label": dict(FREQUENCIES).get(frequency, frequency),
        "series": series, "chart": charts.series_chart(series, title=_("People counted per period")),
        "map": charts.map_svg(_markers(request, query, scope, query_string), title=_("Flows by place")),
        "alerts": alerts[:10], "alert_count": alerts.count(),
        "trail": trail, "top": reverse("flows:dashboard"),
        "masked": selectors.masked_label(),
    })


@login_required
def breakdowns(request: HttpRequest) -> HttpResponse:
    form, _query, scope, _frequency, query_string = _filters(request)
    tables = []
    for by in BREAKDOWNS:
        rows = selectors.breakdown(scope=scope, by=by)
        peak = max((r["count"] or 0 for r in rows if r[by] != TOTAL), default=0)
        tables.append((labels.caption(by), labels.dimension_label(by),
                       [dict(r, label=labels.value_label(by, r[by]), total=r[by] == TOTAL,
                             bar=charts.bar(r["count"], peak)) for r in rows], by))
    return render(request, "flows/breakdowns.html", {
        "form": form, "breakdowns": tables, "query_string": query_string,
        "masked": selectors.masked_label()})


@login_required
def od_matrix(request: HttpRequest) -> HttpResponse:
    form, _query, scope, _frequency, query_string = _filters(request)
    return render(request, "flows/od.html", {"form": form, "od": selectors.od(scope=scope),
                                             "query_string": query_string})


@login_required
def displaced(request: HttpRequest) -> HttpResponse:
    form, _query, scope, _frequency, query_string = _filters(request)
    events = selectors.event_list(user=request.user)[:20]
    return render(request, "flows/displaced.html", {
        "form": form, "rows": selectors.displaced(scope=scope), "query_string": query_string,
        "events": events})


@login_required
def export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    if what not in exports.EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404
    _form, _query, scope, frequency, _qs = _filters(request)
    by = request.GET.get("by", "sex")
    if what == "breakdown" and by not in selectors.BREAKDOWNS:
        raise Http404
    sheet = exports.export_build(user=request.user, what=what, scope=scope, frequency=frequency, by=by)
    filename = f"flows-{sheet.name}.{fmt}"
    if fmt == "csv":
        return download(exports.hxl_csv(sheet), "text/csv; charset=utf-8", filename)
    return download(exports.excel(sheet),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename)


@login_required
def point_list(request: HttpRequest) -> HttpResponse:
    try:
        points = selectors.point_list(user=request.user, country=request.GET.get("country", ""))
    except PermissionDenied:
        raise Http404 from None
    page = Paginator(points, PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = policies.offices(request.user, "flows.import").exists()
    return render(request, "flows/point_list.html", {"page": page, "can_add": can_add})


@login_required
def point_detail(request: HttpRequest, point_id: int) -> HttpResponse:
    try:
        point = selectors.point_get_for_user(user=request.user, point_id=point_id)
    except NotFound:
        raise Http404 from None
    query = selectors.FlowQuery(point_id=point.pk).with_default_period()
    scope = selectors.scope_for(user=request.user, query=query)
    series = selectors.series(scope=scope, frequency="daily")
    return render(request, "flows/point_detail.html", {
        "point": point, "series": series[-28:],
        "chart": charts.series_chart(series, title=_("People counted per day")),
        "directions": selectors.breakdown(scope=scope, by="direction"),
        "alerts": point.alerts.all()[:20]})


@login_required
@require_http_methods(["GET", "POST"])
def point_create(request: HttpRequest) -> HttpResponse:
    offices = policies.offices(request.user, "flows.import")
    if not offices.exists():
        raise Http404
    form = PointForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.point_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            for problem in exc.problems:
                form.add_error(problem["field"] if problem["field"] in form.fields else None,
                               problem["message"])
        else:
            messages.success(request, _("Point added."))
            return redirect("flows:point_detail", point_id=point.pk)
    return render(request, "flows/point_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    try:
        batches = selectors.import_list(user=request.user)
    except PermissionDenied:
        raise Http404 from None
    offices = policies.offices(request.user, "flows.import")
    form = None
    if offices.exists():
        form = ImportForm(request.POST or None, request.FILES or None, offices=offices)
    problems = []
    if request.method == "POST" and form is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = flow_tasks.start_import(actor=request.user, office=form.cleaned_data["office"],
                                             kind=form.cleaned_data["kind"], upload=upload)
        except ValidationFailed as exc:
            problems = exc.problems
        else:  # the worker checks and loads it; its page follows
            return redirect("tasks:detail", task_id=record.pk)
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    expected = [(kind, label, columns.columns(kind)) for kind, label in ImportKind.choices]
    return render(request, "flows/import_list.html", {"page": page, "form": form, "problems": problems,
                                                      "expected": expected},
                  status=422 if problems else 200)


@login_required
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty file of one kind to fill in: its header row and the HXL hashtags under it."""
    if kind not in columns.SPECS or fmt not in ("csv", "xlsx"):
        raise Http404
    try:
        selectors.import_list(user=request.user)  # who may see the imports may fetch the form
    except PermissionDenied:
        raise Http404 from None
    return download(columns.template(kind, fmt), CONTENT_TYPES[fmt], f"flows-{kind}-template.{fmt}")


@login_required
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        batch = selectors.import_get_for_user(user=request.user, batch_id=batch_id)
    except NotFound:
        raise Http404 from None
    return render(request, "flows/import_detail.html",
                  {"batch": batch, "may_review": not publication.refusal_for(request.user, batch)})


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    try:
        alerts = selectors.alert_list(user=request.user)
    except PermissionDenied:
        raise Http404 from None
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "flows/alert_list.html", {"page": page, "masked": selectors.masked_label()})


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    try:
        services.alert_acknowledge(actor=request.user, alert_id=alert_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Alert acknowledged."))
    return redirect("flows:alert_list")


@login_required
def import_review(request: HttpRequest, batch_id: int) -> HttpResponse:
    """What publishing an import would change on the public page; the reviewer decides here."""
    try:
        review = publication.import_review(actor=request.user, batch_id=batch_id)
    except NotFound:
        raise Http404 from None
    except ValidationFailed as exc:
        messages.error(request, "; ".join(p["message"] for p in exc.problems))
        return redirect("flows:import_detail", batch_id=batch_id)
    return render(request, "flows/import_review.html", {"review": review, "batch": review.batch,
                                                        "problems": []})


@login_required
@require_POST
def import_decide(request: HttpRequest, batch_id: int, decision: str) -> HttpResponse:
    try:
        if decision == "publish":
            publication.import_publish(actor=request.user, batch_id=batch_id)
            messages.success(request, _("Published: the public page shows these figures now."))
        else:
            publication.import_send_back(actor=request.user, batch_id=batch_id,
                                         reason=request.POST.get("reason", ""))
            messages.success(request, _("Sent back to the uploader with your reason."))
    except NotFound:
        raise Http404 from None
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("flows:import_detail", batch_id=batch_id)
    except ValidationFailed as exc:
        review = publication.import_review(actor=request.user, batch_id=batch_id)
        return render(request, "flows/import_review.html",
                      {"review": review, "batch": review.batch, "problems": exc.problems,
                       "reason": request.POST.get("reason", "")}, status=422)
    return redirect("flows:import_detail", batch_id=batch_id)
