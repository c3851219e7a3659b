"""The cases' part of the home page's work queue: cases waiting for a second worker's approval
(four eyes: those the user assessed are someone else's to approve), referrals not yet answered,
and transfers received and not yet answered."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.access.policies import offices_for
from corridor.access.workqueue import counted, register_source
from corridor.cases import selectors
from corridor.cases.models import CaseState, Referral, TransferStatus


def _items(user):
    editable = offices_for(user, "cases.edit")
    if not editable.exists():
        return []
    assessed = selectors.case_list(user=user, state=CaseState.ASSESSED).filter(
        office__in=editable)
    to_approve = assessed.exclude(assessed_by=user)
    referrals = Referral.objects.filter(case__in=selectors.case_list(user=user).values("pk"),
                                        status__in=selectors.OPEN_REFERRALS)
    received = selectors.transfer_list(user=user, direction="received",
                                       status=TransferStatus.PENDING)
    cases_url = reverse("cases:case_list")
    return [
        counted("cases.approve", _("Cases waiting for approval"), to_approve, "updated_at",
                f"{cases_url}?state={CaseState.ASSESSED}"),
        counted("cases.referrals", _("Referrals waiting for an answer"), referrals,
                "created_at", cases_url),
        counted("cases.transfers", _("Transfers received"), received, "created_at",
                reverse("cases:transfer_list")),
    ]


def register() -> None:
    register_source("cases", _items)
