"""Writes to cases: each checks the policy, names its actor, appends to the case's timeline and
is audited in the same transaction."""

from corridor.cases.services.assistance import (
    assistance_cancel,
    assistance_deliver,
    assistance_plan,
    beneficiaries,
)
from corridor.cases.services.cases import case_assign, case_open, case_transition
from corridor.cases.services.handover import transport_handover
from corridor.cases.services.notes import attachment_add, note_add
from corridor.cases.services.referrals import (
    referral_answer,
    referral_answer_by_partner,
    referral_revoke,
    referral_send,
    referrals_for_partner_user,
)
from corridor.cases.services.transfers import (
    transfer_accept,
    transfer_cancel,
    transfer_decline,
    transfer_request,
)

__all__ = [
    "assistance_cancel", "assistance_deliver", "assistance_plan", "attachment_add",
    "beneficiaries", "case_assign", "case_open", "case_transition", "note_add",
    "referral_answer", "referral_answer_by_partner", "referral_revoke", "referral_send",
    "referrals_for_partner_user", "transfer_accept", "transfer_cancel", "transfer_decline",
    "transfer_request", "transport_handover",
]
