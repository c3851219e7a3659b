"""What was imported, and from which submission: so that an import run twice creates nothing twice.

The import code itself lives in `corridor.registry.imports`; this app only holds its records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office


class ImportKind(models.TextChoices):
    SPREADSHEET = "spreadsheet", _("Spreadsheet (CSV or Excel), one row per person")
    FIELD_EXPORT = "field_export", _("KoboToolbox or ODK Central export (Excel or ZIP of CSV)")
    KOBO_JSON = "kobo_json", _("KoboToolbox JSON")


class ImportBatch(models.Model):
    """One confirmed import of one file into one office."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("office"))
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    people_count = models.PositiveIntegerField(default=0)
    households_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("import batch")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.people_count})"


class ImportedSubmission(models.Model):
    """A form submission (Kobo `_uuid`, ODK `meta/instanceID` or `KEY`) already turned into a
    household in this office."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    submission_id = models.CharField(max_length=100)
    # The version last imported (Kobo's _uuid, ODK's instanceID): another one is an edit.
    instance_id = models.CharField(max_length=100, blank=True, default="")
    household = models.ForeignKey("registry.Household", null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="submissions")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "submission_id"],
                                               name="fielddata_submission_once_per_office")]
        verbose_name = _("imported submission")

    def __str__(self) -> str:
        return self.submission_id
