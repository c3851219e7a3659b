"""Privacy notices, agreements with partners and emergency disclosures (ADR 0093).

A person's consent to sharing is recorded in the registry (`registry.Consent`, purpose
"sharing", naming the partner and the notice it was given under). An agreement names the notice;
it may never share a field or purpose the notice does not name.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office
from corridor.core.models import VersionedModel


class SharingPurpose(models.TextChoices):
    REFERRAL = "referral", _("Referral for services")
    PROTECTION = "protection", _("Protection follow-up")
    RESETTLEMENT = "resettlement", _("Resettlement and return")
    REINTEGRATION = "reintegration", _("Reintegration assistance")
    FAMILY_TRACING = "family_tracing", _("Family tracing")


class PrivacyNotice(VersionedModel):
    """What people were told when they consented: purposes, fields, and to whom (partners)."""

    code = models.CharField(_("code"), max_length=40)
    edition = models.PositiveIntegerField(_("version of the notice"), default=1)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    purposes = models.JSONField(_("purposes"), default=list)
    fields = models.JSONField(_("fields"), default=list)
    partners = models.ManyToManyField("partners.Partner", related_name="notices",
                                      verbose_name=_("partners"))

    class Meta:
        ordering = ["code", "-edition"]
        verbose_name = _("privacy notice")
        constraints = [models.UniqueConstraint(fields=["code", "edition"],
                                               name="notice_code_edition_unique")]

    def __str__(self) -> str:
        return f"{self.code} v{self.edition}"


class AgreementKind(models.TextChoices):
    COOPERATION = "cooperation", _("Cooperation agreement")
    DATA_SHARING = "data_sharing", _("Data-sharing agreement")


class AgreementStatus(models.TextChoices):
    """Stored states. "Expired" is not stored: an agreement in force past its end is expired
    on that day (`Agreement.state_on`), so no job has to flip it."""

    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    REVOKED = "revoked", _("Revoked")


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NOT_YET = "not_yet", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Agreement(VersionedModel):
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT,
                                related_name="agreements", verbose_name=_("partner"))
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=30, choices=SharingPurpose.choices,
                               blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    notice = models.ForeignKey(PrivacyNotice, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="agreements", verbose_name=_("privacy notice"))
    fields = models.JSONField(_("fields shared"), default=list, blank=True)
    offices = models.ManyToManyField(Office, related_name="+", verbose_name=_("offices covered"))
    categories = models.JSONField(_("categories of people"), default=list, blank=True)
    registered_from = models.DateField(_("registered from"), null=True, blank=True)
    registered_until = models.DateField(_("registered until"), null=True, blank=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="partner_agreements",
                                   blank=True, verbose_name=_("partner's users"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    edition = models.PositiveIntegerField(_("version of the text"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices,
                              default=AgreementStatus.DRAFT)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    class Meta:
        ordering = ["partner__name", "reference"]
        verbose_name = _("agreement")

    def __str__(self) -> str:
        return self.reference

    def state_on(self, day: dt.date) -> str:
        if self.status != AgreementStatus.IN_FORCE:
            return self.status
        if day < self.start:
            return AgreementState.NOT_YET
        if day > self.end:
            return AgreementState.EXPIRED
        return AgreementState.IN_FORCE

    def get_state_on_display(self, day: dt.date) -> str:
        return str(AgreementState(self.state_on(day)).label)


class OverrideStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting a second approver")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class EmergencyDisclosure(VersionedModel):
    """A disclosure outside any agreement: asked with a reason, approved by someone else (four
    eyes), open to the partner's users for `days` days from approval, and reported."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT,
                                related_name="emergency_disclosures", verbose_name=_("partner"))
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    fields = models.JSONField(_("fields shared"), default=list)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=OverrideStatus.choices,
                              default=OverrideStatus.REQUESTED)
    days = models.PositiveSmallIntegerField(_("days open"), default=3)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("emergency disclosure")

    def __str__(self) -> str:
        return f"{self.partner} #{self.pk}"

    def open_on(self, day: dt.date) -> bool:
        return (self.status == OverrideStatus.APPROVED and self.decided_on is not None
                and self.decided_on <= day < self.decided_on + dt.timedelta(days=self.days))


__all__ = ["Agreement", "AgreementKind", "AgreementState", "AgreementStatus",
           "EmergencyDisclosure", "OverrideStatus", "PrivacyNotice", "SharingPurpose"]
