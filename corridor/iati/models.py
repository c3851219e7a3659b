"""Activities imported from an IATI file, published beside the projects' own.

An import is how activities published before Corridor (by another IATI tool) keep being
published: each is kept as the <iati-activity> element Corridor's writer makes of it, so that
what is published again is exactly what was read (corridor_iati_import; ADR 0073).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from lxml import etree

from engines.iati import Activity
from engines.iati.reader import activity_from_element
from engines.iati.writer import activity_element


class ImportedActivity(models.Model):
    identifier = models.CharField(_("IATI identifier"), max_length=200, unique=True)
    xml = models.TextField(_("activity (IATI XML)"))
    source = models.CharField(_("imported from"), max_length=255)
    line = models.PositiveIntegerField(_("line in the file"))
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["identifier"]
        verbose_name = _("imported IATI activity")

    def __str__(self) -> str:
        return self.identifier

    @staticmethod
    def xml_of(activity: Activity) -> str:
        return etree.tostring(activity_element(activity), encoding="unicode")

    def activity(self) -> Activity:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        return activity_from_element(etree.fromstring(self.xml, parser))
