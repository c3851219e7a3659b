"""Manifests per leg, as CSV (formula-safe) and PDF (WeasyPrint), in the officer's language.

A manifest carries only what the carrier needs: names, sex, date of birth, nationality, the
travel document, special needs, and the escorts. Each download is audited as an export.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from corridor.core.audit import audit_exported
from corridor.core.exports import csv_bytes
from corridor.core.formatting import short_date
from corridor.movements import checks
from corridor.movements.models import BookingState, Leg

ON_MANIFEST = (BookingState.BOOKED, BookingState.CONFIRMED, BookingState.CHECKED_IN,
               BookingState.DEPARTED, BookingState.ARRIVED)


@dataclass(frozen=True)
class ManifestRow:
    number: int
    family_name: str
    given_name: str
    sex: str
    birth_date: str
    nationality: str
    document: str
    document_number: str
    document_expires: str
    needs: str


def _date(value) -> str:
    return short_date(value) if value else ""


def manifest_rows(leg: Leg) -> list[ManifestRow]:
    """Call inside the language wanted: labels and dates come out in it."""
    bookings = list(leg.bookings.filter(state__in=ON_MANIFEST).select_related("person"))
    facts = checks.facts_for(b.person_id for b in bookings)
    on = leg.departure_local.date()
    rows = []
    for number, booking in enumerate(bookings, start=1):
        person = booking.person
        document = checks.travel_document(facts[person.pk], on)
        rows.append(ManifestRow(
            number=number, family_name=person.family_name.upper(), given_name=person.given_name,
            sex=person.get_sex_display(), birth_date=_date(person.birth_date),
            nationality=person.nationality,
            document=document.get_kind_display() if document else "",
            document_number=document.number if document else "",
            document_expires=_date(document.expires_on) if document else "",
            needs=", ".join(booking.needs)))
    return rows


def _header() -> list[str]:
    return [_("No."), _("Family name"), _("Given name"), _("Sex"), _("Date of birth"),
            _("Nationality"), _("Document"), _("Document number"), _("Document expires"),
            _("Special needs")]


def _audit(user, leg: Leg, kind: str) -> None:
    """One export event naming the passengers on the manifest (as read in this request) and
    their offices with the operation's, whose administrators then see the export."""
    people = list(leg.bookings.filter(state__in=ON_MANIFEST)
                  .values_list("person_id", "person__office_id"))
    audit_exported(actor=user, object_type="movements.leg", object_id=leg.pk,
                   ids=[p for p, _o in people], what="people",
                   offices=[leg.operation.office_id, *(o for _p, o in people)],
                   summary=f"manifest {kind} of leg {leg.pk}: {len(people)} passengers")


def manifest_csv(*, user, leg: Leg, language: str) -> bytes:
    with translation.override(language):
        rows = manifest_rows(leg)
        body = [[r.number, r.family_name, r.given_name, r.sex, r.birth_date, r.nationality,
                 r.document, r.document_number, r.document_expires, r.needs] for r in rows]
        for escort in leg.escorts.select_related("user"):
            body.append(["", escort.display_name, "", "", "", "", escort.get_kind_display(),
                         escort.document_number, "", ""])
        data = csv_bytes(_header(), body)
    _audit(user, leg, "CSV")
    return data


def manifest_html(*, leg: Leg, language: str) -> str:
    with translation.override(language):
        rows = manifest_rows(leg)
        return render_to_string("movements/manifest_pdf.html", {
            "leg": leg, "rows": rows,
            "escorts": list(leg.escorts.select_related("user")),
            "departure": formats.date_format(leg.departure_local, "DATETIME_FORMAT"),
            "arrival": formats.date_format(leg.arrival_local, "DATETIME_FORMAT"),
            "LANGUAGE_CODE": language})


def manifest_pdf(*, user, leg: Leg, language: str) -> bytes:
    from weasyprint import HTML  # a heavy import, paid only when a PDF is asked for

    html = manifest_html(leg=leg, language=language)
    data = HTML(string=html).write_pdf()
    _audit(user, leg, "PDF")
    return data
