"""Pages of a partner's user: what the agreements in force share, person by person and field by
field (all through corridor.partners.sharing), exports, emergency disclosures and referrals."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from corridor.core.errors import NotFound
from corridor.partners import catalogue, exchange, sharing


def _labels(codes) -> list[tuple[str, str]]:
    return [(code, str(catalogue.FIELDS[code].label)) for code in codes]


@login_required
def shared_home(request: HttpRequest) -> HttpResponse:
    partner = sharing.partner_of(request.user)
    if partner is None:
        raise Http404
    return render(request, "partners/shared/home.html", {
        "partner": partner, "agreements": sharing.agreements_for(request.user),
        "emergencies": sharing.emergency_open_for(request.user),
    })


@login_required
def shared_list(request: HttpRequest, agreement_id: int) -> HttpResponse:
    try:
        agreement, records = sharing.shared_people(user=request.user, agreement_id=agreement_id)
    except NotFound:
        raise Http404 from None
    codes = sharing.union_fields(records) or catalogue.ordered(agreement.fields)
    rows = [(r, [r.values.get(code, "") if code in r.fields else None for code in codes])
            for r in records]
    return render(request, "partners/shared/list.html", {
        "agreement": agreement, "columns": _labels(codes), "rows": rows,
        "field_choices": _labels(agreement.fields),
    })


@login_required
def shared_person(request: HttpRequest, agreement_id: int, person_id: int) -> HttpResponse:
    try:
        agreement, record = sharing.shared_person(user=request.user, agreement_id=agreement_id,
                                                  person_id=person_id)
    except NotFound:
        raise Http404 from None
    return render(request, "partners/shared/person.html", {
        "agreement": agreement, "record": record,
        "values": [(label, record.values[code]) for code, label in _labels(record.fields)],
    })


@login_required
def shared_export(request: HttpRequest, agreement_id: int, fmt: str) -> HttpResponse:
    if fmt not in exchange.FORMATS:
        raise Http404
    fields = request.GET.getlist("fields")
    try:
        agreement, codes, records = sharing.shared_export(
            user=request.user, agreement_id=agreement_id, fields=fields, fmt=fmt)
    except sharing.ExportRefused as refusal:
        return render(request, "partners/shared/refused.html",
                      {"reason": refusal.message}, status=403)
    body = exchange.render(fmt, exchange.layout(agreement.partner, codes), records)
    response = HttpResponse(body, content_type=exchange.FORMATS[fmt])
    extension = "json" if fmt == "json" else "csv"
    suffix = "-hxl" if fmt == "hxl" else ""
    response["Content-Disposition"] = (f'attachment; filename="{agreement.reference}{suffix}.'
                                       f'{extension}"')
    return response


@login_required
def shared_emergency(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    try:
        disclosure, record = sharing.emergency_record(user=request.user,
                                                      disclosure_id=disclosure_id)
    except NotFound:
        raise Http404 from None
    return render(request, "partners/shared/person.html", {
        "agreement": None, "disclosure": disclosure, "record": record,
        "title": _("Emergency disclosure"),
        "values": [(label, record.values[code]) for code, label in _labels(record.fields)],
    })
