"""Joint operations with partners: who does what where (3W), shared indicators with targets per
partner and period, and progress reported against them. No personal data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office
from corridor.core.models import VersionedModel


class JointOperation(VersionedModel):
    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("lead office"))
    partners = models.ManyToManyField("partners.Partner", related_name="joint_operations",
                                      verbose_name=_("partners"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("joint operation")

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})


class OperationActivity(models.Model):
    """Who does what where: one line of the operation's 3W."""

    operation = models.ForeignKey(JointOperation, on_delete=models.CASCADE,
                                  related_name="activities")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    activity = models.CharField(_("activity"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    pcode = models.CharField(_("place code"), max_length=30, blank=True)

    class Meta:
        ordering = ["partner__name", "activity", "id"]
        verbose_name = _("activity")

    def __str__(self) -> str:
        return f"{self.activity} ({self.place})"


class SharedIndicator(models.Model):
    operation = models.ForeignKey(JointOperation, on_delete=models.CASCADE,
                                  related_name="indicators")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("shared indicator")
        constraints = [models.UniqueConstraint(fields=["operation", "code"],
                                               name="shared_indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class IndicatorTarget(models.Model):
    """A partner's target on an indicator for one period (a month, "2026-12", or a quarter,
    "2026-Q4": the code is kept as written)."""

    indicator = models.ForeignKey(SharedIndicator, on_delete=models.CASCADE,
                                  related_name="targets")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    period = models.CharField(_("period"), max_length=10)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["period", "partner__name"]
        constraints = [models.UniqueConstraint(fields=["indicator", "partner", "period"],
                                               name="indicator_target_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.target}"


class IndicatorProgress(models.Model):
    """Progress reported against a target; several reports add up."""

    target = models.ForeignKey(IndicatorTarget, on_delete=models.CASCADE,
                               related_name="reports")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    reported_on = models.DateField(_("reported on"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    reported_by = models.ForeignKey("access.User", null=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.value} ({self.reported_on})"


__all__ = ["IndicatorProgress", "IndicatorTarget", "JointOperation", "OperationActivity",
           "SharedIndicator"]
