"""Cases as CSV or Excel, as the list shows them (its filters, its order, or the cases ticked):
each cell through the one spreadsheet guard (corridor.core.exports); labels in the reader's
language, dates as ISO dates a spreadsheet sorts."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from corridor.core.exports import csv_bytes, xlsx_bytes


def _header() -> list[str]:
    return [_("Reference"), _("Family name"), _("Given name"), _("Household"), _("Kind"),
            _("State"), _("Project"), _("Office"), _("Assigned to"), _("Opened"),
            _("Reason for closing")]


def _row(case) -> list[object]:
    person = case.person
    return [case.reference, person.family_name if person else "",
            person.given_name if person else "",
            case.household.reference if case.household_id else "",
            str(case.get_kind_display()), str(case.get_state_display()), case.project.code,
            case.office.code, case.assigned_to.get_username() if case.assigned_to_id else "",
            case.created_at.date().isoformat(),
            str(case.get_closure_reason_display()) if case.closure_reason else ""]


def cases_csv(cases: Iterable) -> bytes:
    return csv_bytes(_header(), (_row(case) for case in cases))


def cases_xlsx(cases: Iterable) -> bytes:
    return xlsx_bytes(_("Cases"), _header(), (_row(case) for case in cases))
