"""A member's statement of account as a PDF or Excel file, in the reader's language with its
figures as that language writes them (issue 14, item 6). What the statement page shows, laid
out for paper: the balance brought forward, every entry with its running balance, what is owed
by year of assessment and the voting rights that follow."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from corridor.core.exports import xlsx_bytes
from corridor.finance.models import MemberState
from corridor.finance.selectors import contributions as reads


def _context(member: MemberState, since: date, until: date, language: str) -> dict:
    return {"member": member, "since": since, "until": until, "LANGUAGE_CODE": language,
            "statement": reads.statement(member, since=since, until=until),
            "arrears": reads.arrears(member, on=until),
            "suspended": reads.voting_rights_suspended(member, until)}


def statement_pdf(member: MemberState, *, since: date, until: date, language: str) -> bytes:
    from weasyprint import HTML  # a heavy import, paid only when a PDF is asked for

    html = render_to_string("finance/statement_pdf.html",
                            _context(member, since, until, language))
    return HTML(string=html).write_pdf()


def statement_xlsx(member: MemberState, *, since: date, until: date) -> bytes:
    """The statement's lines, amounts as numbers (a spreadsheet sums them), dates as dates."""
    statement = reads.statement(member, since=since, until=until)
    header = [_("Date"), _("Transaction"), _("Description"), _("Year"), _("Paid"),
              _("Currency"), _("Debit"), _("Credit"), _("Balance")]
    rows = [[since, "", _("Balance brought forward"), "", "", "", "", "", statement.opening]]
    for line in statement.lines:
        payment = line.payment
        rows.append([line.posting.booked_on, f"T{line.posting.transaction_id}",
                     line.posting.transaction.description, line.posting.year or "",
                     payment.amount if payment else "", payment.currency_id if payment else "",
                     line.debit or "", line.credit or "", line.balance])
    rows.append([until, "", _("Balance owed"), "", "", "", "", "", statement.closing])
    return xlsx_bytes(member.iso3, header, rows)


def filename(member: MemberState, until: date, extension: str) -> str:
    return f"statement-{member.iso3}-{until.isoformat()}.{extension}"
