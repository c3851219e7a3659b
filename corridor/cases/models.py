"""Cases: a person or a household assisted under a project, with its workflow, notes,
attachments, assistance items, referrals and an append-only timeline of events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.access.models import Office
from corridor.core.append_only import AppendOnly
from corridor.core.models import VersionedModel
from corridor.partners.models import Partner, Project
from corridor.registry.models import Household, Person


class CaseKind(models.TextChoices):
    VOLUNTARY_RETURN = "voluntary_return", _("Voluntary return")
    RESETTLEMENT = "resettlement", _("Resettlement")
    FAMILY_REUNION = "family_reunion", _("Family reunion")
    IDP_ASSISTANCE = "idp_assistance", _("Assistance to internally displaced persons")
    DEMOBILISATION = "demobilisation", _("Demobilisation and reintegration")
    REFUGEE_REPATRIATION = "refugee_repatriation", _("Refugee repatriation")
    EVACUATION = "evacuation", _("Evacuation")
    QUALIFIED_NATIONALS = "qualified_nationals", _("Return of qualified nationals")
    COUNTER_TRAFFICKING = "counter_trafficking", _("Counter-trafficking")


class CaseState(models.TextChoices):
    OPEN = "open", _("Open")
    ASSESSED = "assessed", _("Assessed")
    APPROVED = "approved", _("Approved")
    IN_ASSISTANCE = "in_assistance", _("In assistance")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


class ClosureReason(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    OTHER = "other", _("Other")


class Case(VersionedModel):
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="cases",
                               verbose_name=_("office"))
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="cases",
                                verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=30, choices=CaseKind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="cases", verbose_name=_("person"))
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="cases", verbose_name=_("household"))
    summary = models.TextField(_("summary"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=CaseState.choices,
                             default=CaseState.OPEN, db_index=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="assigned_cases",
                                    verbose_name=_("assigned to"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    # Four eyes: who assessed may not approve.
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    closure_reason = models.CharField(_("reason for closing"), max_length=20, blank=True,
                                      choices=ClosureReason.choices)
    closure_note = models.TextField(_("note on closing"), blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case")
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, household__isnull=True)
                           | Q(person__isnull=True, household__isnull=False)),
                name="case_person_xor_household"),
        ]
        indexes = [models.Index(fields=["office", "state"], name="case_office_state_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def subject(self):
        return self.person if self.person_id else self.household

    @property
    def transfer_pending(self) -> bool:
        """A transfer to another office awaits that office's answer."""
        annotated = self.__dict__.get("has_pending_transfer")  # set by the selectors' reads
        if annotated is not None:
            return annotated
        return self.transfers.filter(status=TransferStatus.PENDING).exists()


class EventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    STATE_CHANGED = "state_changed", _("State changed")
    ASSIGNED = "assigned", _("Assigned")
    TRANSFERRED = "transferred", _("Transferred")
    TRANSFER_REQUESTED = "transfer_requested", _("Transfer requested")
    TRANSFER_DECLINED = "transfer_declined", _("Transfer declined")
    TRANSFER_CANCELLED = "transfer_cancelled", _("Transfer cancelled")
    NOTE_ADDED = "note_added", _("Note added")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    ASSISTANCE_PLANNED = "assistance_planned", _("Assistance planned")
    ASSISTANCE_DELIVERED = "assistance_delivered", _("Assistance delivered")
    ASSISTANCE_CANCELLED = "assistance_cancelled", _("Assistance cancelled")
    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_ANSWERED = "referral_answered", _("Referral answered")


class CaseEvent(AppendOnly, models.Model):
    """The case's timeline. Append-only: written by the services, never changed."""

    append_only_message = "case events are append-only"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    from_state = models.CharField(max_length=20, blank=True, choices=CaseState.choices)
    to_state = models.CharField(max_length=20, blank=True, choices=CaseState.choices)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class AssistanceKind(models.TextChoices):
    TRANSPORT = "transport", _("Transport")
    MEDICAL = "medical", _("Medical screening and health care")
    SHELTER = "shelter", _("Temporary shelter")
    MATERIAL_RELIEF = "material_relief", _("Material relief")
    REINTEGRATION_GRANT = "reintegration_grant", _("Reintegration grant")
    MICRO_PROJECT = "micro_project", _("Micro-project")
    JOB_REFERRAL = "job_referral", _("Job referral")
    TRAINING = "training", _("Training")


class AssistanceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class AssistanceItem(VersionedModel):
    """Costs are in the project's currency."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assistance_items")
    kind = models.CharField(_("kind"), max_length=30, choices=AssistanceKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=AssistanceStatus.choices,
                              default=AssistanceStatus.PLANNED)
    description = models.CharField(_("description"), max_length=255, blank=True)
    beneficiary = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("beneficiary"))
    planned_cost = models.DecimalField(_("planned cost"), max_digits=12, decimal_places=2)
    actual_cost = models.DecimalField(_("actual cost"), max_digits=12, decimal_places=2,
                                      null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("assistance item")

    def __str__(self) -> str:
        return self.get_kind_display()


class CaseReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", pgettext_lazy("case referral", "Declined")
    COMPLETED = "completed", pgettext_lazy("case referral", "Completed")
    # Withdrawn by the organisation: the case closed before the partner finished.
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Revoked by a manager (cases.approve) while the partner held it: the packet is closed to it.
    REVOKED = "revoked", _("Revoked")


# The API documents it as CaseReferralStatus: jobs has a ReferralStatus of its own.
ReferralStatus = CaseReferralStatus


class Referral(VersionedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("partner"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices,
                              default=ReferralStatus.SENT)
    sent_on = models.DateField(_("sent on"))
    answer = models.TextField(_("partner's answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                related_name="+")
    # Who answered: a partner's user in Corridor, or staff recording the partner's answer.
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    @property
    def response_days(self) -> int | None:
        """Days from sending to the partner's answer (None while unanswered)."""
        return (self.answered_on - self.sent_on).days if self.answered_on else None

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("referral")

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_status_display()})"


class TransferStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("case transfer", "Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", pgettext_lazy("case transfer", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("case transfer", "Cancelled")


class CaseTransfer(VersionedModel):
    """A request to hand a case to another office. The case stays where it is until a case
    worker of the receiving office accepts; then the case and its people's records move."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers")
    from_office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("from office"))
    to_office = models.ForeignKey(Office, on_delete=models.PROTECT,
                                  related_name="incoming_transfers",
                                  verbose_name=_("to office"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=TransferStatus.choices,
                              default=TransferStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case transfer")
        constraints = [
            # One open request per case: two could otherwise both be accepted.
            models.UniqueConstraint(fields=["case"], condition=Q(status="pending"),
                                    name="case_transfer_one_pending"),
        ]
        indexes = [models.Index(fields=["to_office", "status"],
                                name="case_transfer_to_status_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_office_id} → {self.to_office_id}"

    @property
    def people_count(self) -> int:
        """How many people the case is for (`household_size` is annotated by the selectors)."""
        if not self.case.household_id:
            return 1
        size = self.__dict__.get("household_size")
        return size if size is not None else self.case.household.members.count()
