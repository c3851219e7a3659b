"""What a case leaves open when it closes, and how the closing settles it.

A case closed with assistance still planned kept that money committed to its project, and a
referral the partner never answered stayed "sent" for ever. Closing now names what is open and
closes only when told what to do with it: planned items are cancelled (which releases their
commitment: a project's committed money is the sum of its planned items) and referrals still
open are withdrawn, each on the case's timeline and in the audit trail, in the closing's own
transaction."""

from __future__ import annotations

from django.utils.translation import gettext as _

from corridor.cases.models import AssistanceStatus, Case, EventKind, ReferralStatus
from corridor.cases.selectors import OpenWork, open_work
from corridor.cases.services._common import event_add
from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update

# What the closing does with open work (the form's and the API's `open_work`).
CANCEL_OPEN_WORK = "cancel"


def settle_open_work(*, actor, case: Case, decision: str, reason: str) -> OpenWork:
    """Refuse the closing while work is open and no decision is given; with `cancel`, cancel the
    planned items and withdraw the open referrals. Runs inside the closing's transaction."""
    work = open_work(case)
    if not work:
        return work
    if decision != CANCEL_OPEN_WORK:
        raise ValidationFailed([{"field": "open_work", "message": _(
            "The case still has open work: %(what)s. Choose to cancel it on closing, or settle "
            "it first.") % {"what": work.describe()}}])
    why = _("The case was closed (%(reason)s).") % {"reason": reason}
    for item in work.items:
        versioned_update(item, expected_version=item.version, changes={
            "status": AssistanceStatus.CANCELLED, "cancellation_reason": why})
        event_add(case=case, actor=actor, kind=EventKind.ASSISTANCE_CANCELLED, reason=why,
                  detail={"item_id": item.pk, "kind": item.kind})
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=item, office_id=case.office_id,
                     summary=f"{case.reference}: cancelled on closing",
                     changes={"status": ["planned", "cancelled"]})
    for referral in work.referrals:
        before = referral.status
        versioned_update(referral, expected_version=referral.version,
                         changes={"status": ReferralStatus.WITHDRAWN})
        event_add(case=case, actor=actor, kind=EventKind.REFERRAL_ANSWERED,
                  detail={"referral_id": referral.pk, "partner": str(referral.partner),
                          "status": ReferralStatus.WITHDRAWN})
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral,
                     office_id=case.office_id, summary=f"{case.reference}: referral withdrawn",
                     changes={"status": [before, ReferralStatus.WITHDRAWN]})
    return work
