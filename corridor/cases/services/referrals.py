"""Referrals of a person of the case to a partner agency, and the partner's answer."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.cases.models import Case, EventKind, Referral, ReferralStatus
from corridor.cases.services._common import check, event_add
from corridor.cases.services.assistance import ACTIVE_STATES, beneficiaries
from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.partners.models import Partner
from corridor.registry.models import Person

# What a partner may answer, from each status.
ANSWERS = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED},
    ReferralStatus.ACCEPTED: {ReferralStatus.COMPLETED},
}


def _label(status: str) -> str:
    """A referral status as the reader reads it ("completed"); an unknown code as sent."""
    return str(ReferralStatus(status).label).lower() if status in ReferralStatus.values else status


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed([{"field": field, "message": message}])


@transaction.atomic
def referral_send(*, actor, case: Case, person: Person, partner: Partner, reason: str,
                  sent_on: dt.date | None = None) -> Referral:
    check(actor, case)
    if case.state not in ACTIVE_STATES:
        _refuse("case", _("A referral can only be sent from an active case."))
    if not beneficiaries(case).filter(pk=person.pk).exists():
        _refuse("person", _("Only a person of the case can be referred."))
    if not (reason or "").strip():
        _refuse("reason", _("Say why the person is referred."))
    referral = Referral.objects.create(case=case, person=person, partner=partner,
                                       reason=reason.strip(), sent_by=actor,
                                       sent_on=sent_on or timezone.localdate())
    event_add(case=case, actor=actor, kind=EventKind.REFERRAL_SENT,
              detail={"referral_id": referral.pk, "partner": str(partner)})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=referral, office_id=case.office_id,
                 summary=f"{case.reference} → {partner}")
    return referral


@transaction.atomic
def referral_answer(*, actor, referral: Referral, status: str, answer: str,
                    expected_version: int, answered_on: dt.date | None = None) -> Referral:
    case = referral.case
    check(actor, case)
    allowed = ANSWERS.get(referral.status, set())
    if status not in allowed:
        _refuse("status", _("A referral that is %(from)s cannot become %(to)s (allowed: %(allowed)s).")
                % {"from": _label(referral.status), "to": _label(status),
                   "allowed": ", ".join(_label(s) for s in sorted(allowed)) or _("none")})
    answered_on = answered_on or timezone.localdate()
    if answered_on > timezone.localdate():
        _refuse("answered_on", _("An answer cannot be dated in the future."))
    if answered_on < referral.sent_on:
        _refuse("answered_on", _("The answer cannot come before the referral was sent."))
    before = referral.status
    referral = versioned_update(referral, expected_version=expected_version, changes={
        "status": status, "answer": (answer or "").strip(), "answered_on": answered_on})
    event_add(case=case, actor=actor, kind=EventKind.REFERRAL_ANSWERED,
              detail={"referral_id": referral.pk, "partner": str(referral.partner),
                      "status": status, "answered_on": answered_on.isoformat()})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral, office_id=case.office_id,
                 summary=f"{case.reference}: referral {status}", changes={"status": [before, status]})
    return referral


# Revoked by a manager; answered by the partner's own users in Corridor --------------------------

REVOCABLE = {ReferralStatus.SENT, ReferralStatus.ACCEPTED}


@transaction.atomic
def referral_revoke(*, actor, referral: Referral, reason: str,
                    expected_version: int) -> Referral:
    """A manager (cases.approve in the case's office) takes a referral back from the partner:
    its packet is closed to the partner's users from then on."""
    from corridor.access.policies import can_in_office
    from corridor.core.errors import NotFound, PermissionDenied

    case = referral.case
    if not can_in_office(actor, "cases.view", case.office_id):
        raise NotFound("No such referral")
    if not can_in_office(actor, "cases.approve", case.office_id):
        raise PermissionDenied(_("Only a manager can revoke a referral."))
    if referral.status not in REVOCABLE:
        _refuse("status", _("Only a pending or accepted referral can be revoked."))
    if not (reason or "").strip():
        _refuse("reason", _("Say why the referral is revoked."))
    before = referral.status
    referral = versioned_update(referral, expected_version=expected_version, changes={
        "status": ReferralStatus.REVOKED, "revoked_reason": reason.strip()[:255]})
    event_add(case=case, actor=actor, kind=EventKind.REFERRAL_ANSWERED,
              detail={"referral_id": referral.pk, "partner": str(referral.partner),
                      "status": ReferralStatus.REVOKED})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral, office_id=case.office_id,
                 summary=f"{case.reference}: referral revoked",
                 changes={"status": [before, ReferralStatus.REVOKED]})
    return referral


def referrals_for_partner_user(user):
    """The referrals sent to the agency `user` belongs to (none for anyone else)."""
    from corridor.access.policies import has_permission
    from corridor.partners.sharing import partner_of

    partner = partner_of(user)
    if partner is None or not has_permission(user, "partners.view"):
        return Referral.objects.none()
    return (Referral.objects.filter(partner=partner).exclude(status=ReferralStatus.WITHDRAWN)
            .select_related("person", "partner").order_by("-sent_on", "-id"))


@transaction.atomic
def referral_answer_by_partner(*, actor, referral: Referral, status: str, answer: str,
                               expected_version: int) -> Referral:
    """The partner's user answers in Corridor: accept or reject a pending referral (a
    rejection says why), mark an accepted one done. A revoked referral takes no answer."""
    from corridor.core.errors import NotFound

    if not referrals_for_partner_user(actor).filter(pk=referral.pk).exists():
        raise NotFound("No such referral")
    allowed = ANSWERS.get(referral.status, set())
    if status not in allowed:
        _refuse("status", _("A referral that is %(a)s cannot become %(b)s.")
                % {"a": referral.get_status_display(), "b": status})
    if status == ReferralStatus.DECLINED and not (answer or "").strip():
        _refuse("answer", _("Say why the referral is rejected."))
    before = referral.status
    today = timezone.localdate()
    referral = versioned_update(referral, expected_version=expected_version, changes={
        "status": status, "answer": (answer or "").strip(), "answered_on": today,
        "answered_by": actor})
    event_add(case=referral.case, actor=actor, kind=EventKind.REFERRAL_ANSWERED,
              detail={"referral_id": referral.pk, "partner": str(referral.partner),
                      "status": status, "answered_on": today.isoformat()})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral,
                 office_id=referral.case.office_id,
                 summary=f"referral {status} by {referral.partner}",
                 changes={"status": [before, status]})
    return referral
