"""Certificates: issued to the participants who earned them, revoked with a reason, renewed
where the course's certificates have a validity."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.cooperation.certificates import new_code
from corridor.cooperation.models import Certificate, CertificateStatus, Course, Participant
from corridor.cooperation.services._common import add_months, refuse, require_edit
from corridor.core.audit import audit_record
from corridor.core.models import AuditAction

# A participant present at three quarters of the course's sessions (and above the pass mark,
# where the course has one) earns the certificate.
ATTENDANCE_SHARE = 0.75


def eligible(course: Course) -> list[Participant]:
    sessions = course.sessions.count()
    if sessions == 0:
        return []
    participants = course.participants.annotate(present=Count("attendance")).order_by("id")
    return [p for p in participants
            if p.present >= sessions * ATTENDANCE_SHARE
            and (course.pass_mark is None
                 or (p.post_test is not None and p.post_test >= course.pass_mark))]


def _expiry(course: Course, issued_on: dt.date) -> dt.date | None:
    if not course.validity_months:
        return None
    return add_months(issued_on, course.validity_months) - dt.timedelta(days=1)


def _issue(*, actor, participant: Participant, course: Course, on: dt.date,
           renews: Certificate | None = None) -> Certificate:
    certificate = Certificate.objects.create(
        participant=participant, code=new_code(), holder_name=participant.full_name,
        course_title=course.title, issued_on=on, expires_on=_expiry(course, on), renews=renews,
        issued_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=certificate,
                 office_id=course.office_id,
                 summary="renewed" if renews else f"participant {participant.pk}")
    return certificate


@transaction.atomic
def certificates_issue(*, actor, course: Course, on: dt.date | None = None) -> list[Certificate]:
    """A certificate for each participant who earned one and has none yet."""
    require_edit(actor, course.office_id)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        refuse("issued_on", _("Certificates cannot be dated in the future."))
    last = course.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is None:
        refuse("course", _("The course has no session yet."))
    if on < last:
        refuse("issued_on", _("Certificates are issued after the last session (%(day)s).") % {
            "day": last})
    holders = set(Certificate.objects.filter(participant__course=course)
                  .values_list("participant_id", flat=True))
    return [_issue(actor=actor, participant=p, course=course, on=on)
            for p in eligible(course) if p.pk not in holders]


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str,
                       on: dt.date | None = None) -> Certificate:
    course = certificate.participant.course
    require_edit(actor, course.office_id)
    if certificate.revoked_on is not None:
        refuse("certificate", _("This certificate is already revoked."))
    if not reason.strip():
        refuse("reason", _("Say why the certificate is revoked."))
    certificate.revoked_on = on or timezone.localdate()
    certificate.revocation_reason = reason.strip()[:255]
    certificate.save(update_fields=["revoked_on", "revocation_reason"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=certificate,
                 office_id=course.office_id, summary="revoked")
    return certificate


@transaction.atomic
def certificate_renew(*, actor, certificate: Certificate,
                      on: dt.date | None = None) -> Certificate:
    """A new certificate (a new code) valid from `on` for the course's validity; the old one
    keeps its own dates and says it was renewed."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    course = certificate.participant.course
    require_edit(actor, course.office_id)
    on = on or timezone.localdate()
    if not course.validity_months:
        refuse("certificate", _("Certificates of this course do not expire: nothing to renew."))
    if certificate.status_on(on) == CertificateStatus.REVOKED:
        refuse("certificate", _("A revoked certificate cannot be renewed."))
    if Certificate.objects.filter(renews=certificate).exists():
        refuse("certificate", _("This certificate was already renewed."))
    if on < certificate.issued_on or on > timezone.localdate():
        refuse("renewed_on", _("A renewal is dated between the issue (%(issued)s) and today.")
               % {"issued": certificate.issued_on})
    return _issue(actor=actor, participant=certificate.participant, course=course, on=on,
                  renews=certificate)
