"""Flow monitoring points, import batches, surge alerts and tracked events.

The rows themselves (counts, anonymous surveys, assessments) live in the engine's DuckDB store
(ADR 0031); the database keeps what people edit, who imported what, and the alerts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.core.models import VersionedModel


class PointKind(models.TextChoices):
    BORDER_CROSSING = "border_crossing", _("Border crossing")
    TRANSIT_HUB = "transit_hub", _("Transit hub")
    BUS_STATION = "bus_station", _("Bus station")
    AIRPORT = "airport", _("Airport")
    OTHER = "other", _("Other")


class MonitoringPoint(VersionedModel):
    """A place where enumerators count people passing; it belongs to one office."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PointKind.choices)
    office = models.ForeignKey("access.Office", on_delete=models.PROTECT, related_name="flow_points",
                               verbose_name=_("office"))
    admin_area = models.ForeignKey("geo.AdminArea", on_delete=models.PROTECT, related_name="flow_points",
                                   verbose_name=_("administrative area"))
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("flow monitoring point")
        verbose_name_plural = _("flow monitoring points")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class FlowImportKind(models.TextChoices):
    COUNTS = "counts", _("Flow counts")
    SURVEYS = "surveys", _("Flow surveys")
    ASSESSMENTS = "assessments", _("Baseline and site assessments")


# The API documents it as FlowImportKind: the registry's imports have an ImportKind of their own.
ImportKind = FlowImportKind


class PublicationStatus(models.TextChoices):
    """Where an import stands on the way to the public page (ADR 0032)."""

    DRAFT = "draft", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    SENT_BACK = "sent_back", _("Sent back")


class ImportBatch(models.Model):
    """One imported file: who, when, what; the same file imported again is this same batch."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    office = models.ForeignKey("access.Office", on_delete=models.PROTECT, related_name="flow_imports",
                               verbose_name=_("office"))
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    replaced = models.PositiveIntegerField(_("rows replaced"), default=0)
    round = models.PositiveIntegerField(_("round"), null=True, blank=True)
    engine_batch = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("publication"), max_length=10, choices=PublicationStatus.choices,
                              default=PublicationStatus.DRAFT)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("flow import")
        verbose_name_plural = _("flow imports")
        constraints = [models.UniqueConstraint(fields=["kind", "sha256"], name="flows_import_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"


class ImportFile(models.Model):
    """The file of an import waiting for review: published, it is loaded into the public store
    (ADR 0032); decided either way, it is deleted. Apart from the batch so that lists of
    imports never read the bytes."""

    batch = models.OneToOneField(ImportBatch, on_delete=models.CASCADE, related_name="pending_file")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()

    def __str__(self) -> str:
        return self.filename


class FlowPublication(models.Model):
    """What the public page shows: the figures of the public store when a reviewer published an
    import, counts under the threshold already withheld. The latest one is the page."""

    batch = models.OneToOneField(ImportBatch, on_delete=models.PROTECT, related_name="publication")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)
    figures = models.JSONField()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("flows publication")
        verbose_name_plural = _("flows publications")

    def __str__(self) -> str:
        return f"publication {self.pk} of import {self.batch_id}"


class SurgeAlert(models.Model):
    """A day on which a point's flow rose above mean + 3 sd of the 28 days before it."""

    point = models.ForeignKey(MonitoringPoint, on_delete=models.CASCADE, related_name="alerts",
                              verbose_name=_("point"))
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("people"), null=True, blank=True)  # None: suppressed
    upper_bound = models.FloatField(_("expected at most"))
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date", "point__code"]
        constraints = [models.UniqueConstraint(fields=["point", "date"], name="flows_alert_once")]

    def __str__(self) -> str:
        return f"{self.point.code} {self.date}"


class FlowEventKind(models.TextChoices):
    CONFLICT = "conflict", _("Conflict or violence")
    FLOOD = "flood", _("Flood")
    DROUGHT = "drought", _("Drought")
    EARTHQUAKE = "earthquake", _("Earthquake")
    EVICTION = "eviction", _("Eviction")
    OTHER = "other", _("Other")


# The API documents it as FlowEventKind: cases have an EventKind of their own.
EventKind = FlowEventKind


class DisplacementEvent(VersionedModel):
    """Event tracking: a sudden displacement reported in an area (aggregate figures, no people)."""

    office = models.ForeignKey("access.Office", on_delete=models.PROTECT, related_name="flow_events",
                               verbose_name=_("office"))
    admin_area = models.ForeignKey("geo.AdminArea", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("administrative area"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    households = models.PositiveIntegerField(_("households"), default=0)
    individuals = models.PositiveIntegerField(_("individuals"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("displacement event")
        verbose_name_plural = _("displacement events")

    def __str__(self) -> str:
        return f"{self.kind} {self.admin_area_id} {self.date}"
