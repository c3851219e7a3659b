"""Technical cooperation with governments: a government's request, its assessment, the expert
missions sent, the trainings given (courses, sessions, participants, attendance, tests,
evaluations) and the certificates earned.

Participants are government officials, not people assisted: the record keeps what a certificate
prints and what the training needs (name, institution, position), no more, in the office that
runs the course."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office, validate_iso3
from corridor.core.models import VersionedModel

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSED = "assessed", _("Assessed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


# Where a request may go next; declined and completed are final.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.RECEIVED: frozenset({RequestStatus.ASSESSED}),
    RequestStatus.ASSESSED: frozenset({RequestStatus.ACCEPTED, RequestStatus.DECLINED}),
    RequestStatus.ACCEPTED: frozenset({RequestStatus.COMPLETED}),
    RequestStatus.DECLINED: frozenset(),
    RequestStatus.COMPLETED: frozenset(),
}


class GovernmentRequest(VersionedModel):
    """A government asks for advice or training: which country, which institution, on what."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("office"))
    country = models.CharField(_("country"), max_length=3, validators=[validate_iso3])
    institution = models.CharField(_("institution"), max_length=200)
    subject = models.CharField(_("subject"), max_length=255)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices,
                              default=RequestStatus.RECEIVED)
    assessment = models.TextField(_("assessment"), blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    decision_note = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("government request")
        indexes = [models.Index(fields=["office", "country"], name="coop_request_office_idx")]

    def __str__(self) -> str:
        return f"{self.country} · {self.institution} · {self.subject}"

    @property
    def next_statuses(self) -> list[str]:
        return sorted(REQUEST_TRANSITIONS.get(self.status, frozenset()))


class ExpertMission(VersionedModel):
    request = models.ForeignKey(GovernmentRequest, on_delete=models.PROTECT,
                                related_name="missions", verbose_name=_("request"))
    terms_of_reference = models.TextField(_("terms of reference"))
    experts = models.CharField(_("experts"), max_length=500,
                               help_text=_("Names of the experts, separated by commas."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    report = models.FileField(_("report"), upload_to="cooperation/reports/%Y/", blank=True)
    report_name = models.CharField(_("report file name"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("expert mission")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                              name="coop_mission_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.request} · {self.starts_on}"

    @property
    def office_id(self) -> int:
        return self.request.office_id


class Course(VersionedModel):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("office"))
    request = models.ForeignKey(GovernmentRequest, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="courses",
                                verbose_name=_("request"))
    country = models.CharField(_("country"), max_length=3, validators=[validate_iso3])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Certificates of a course with a validity expire that many months after issue, and can be
    # renewed; without one they never expire.
    validity_months = models.PositiveSmallIntegerField(
        _("certificates valid for (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)])
    pass_mark = models.PositiveSmallIntegerField(
        _("post-test pass mark"), null=True, blank=True, validators=SCORE_VALIDATORS,
        help_text=_("Leave empty to certify every participant who attended."))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("course")

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions",
                               verbose_name=_("course"))
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("training session")

    def __str__(self) -> str:
        return f"{self.held_on} · {self.topic}"


class Participant(VersionedModel):
    """A government official taking a course. Minimal on purpose (see the module)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="participants",
                               verbose_name=_("course"))
    full_name = models.CharField(_("name as printed on the certificate"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    pre_test = models.DecimalField(_("pre-test score"), max_digits=5, decimal_places=1,
                                   null=True, blank=True, validators=SCORE_VALIDATORS)
    post_test = models.DecimalField(_("post-test score"), max_digits=5, decimal_places=1,
                                    null=True, blank=True, validators=SCORE_VALIDATORS)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("participant")
        constraints = [
            models.CheckConstraint(condition=Q(pre_test__isnull=True)
                                   | Q(pre_test__gte=0, pre_test__lte=100),
                                   name="coop_pre_test_range"),
            models.CheckConstraint(condition=Q(post_test__isnull=True)
                                   | Q(post_test__gte=0, post_test__lte=100),
                                   name="coop_post_test_range"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT,
                                related_name="attendance")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT,
                                    related_name="attendance")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"],
                                               name="coop_attendance_once")]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.session_id}"


class Evaluation(models.Model):
    """A participant's evaluation of the course, kept anonymous: no link to who gave it."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="evaluations")
    rating = models.PositiveSmallIntegerField(_("overall rating (1 to 5)"),
                                              validators=[MinValueValidator(1),
                                                          MaxValueValidator(5)])
    relevance = models.PositiveSmallIntegerField(_("relevance to the work (1 to 5)"),
                                                 validators=[MinValueValidator(1),
                                                             MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(
            condition=Q(rating__gte=1, rating__lte=5, relevance__gte=1, relevance__lte=5),
            name="coop_evaluation_range")]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.rating}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(models.Model):
    """Earned by a participant. `code` is the unguessable key of the public verification page
    (192 random bits); the name and course are kept as printed."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT,
                                    related_name="certificates")
    code = models.CharField(max_length=64, unique=True, editable=False)
    holder_name = models.CharField(_("holder"), max_length=200)
    course_title = models.CharField(_("course"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    renews = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="renewed_by")
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")

    def __str__(self) -> str:
        return f"{self.holder_name} · {self.course_title}"

    def status_on(self, day: dt.date | None = None) -> str:
        """Revoked, else expired (past its expiry), else valid: computed, never stored."""
        day = day or timezone.localdate()
        if self.revoked_on is not None and self.revoked_on <= day:
            return CertificateStatus.REVOKED
        if self.expires_on is not None and self.expires_on < day:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return str(CertificateStatus(self.status).label)
