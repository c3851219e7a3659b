"""Administrative areas (levels 0–3, with P-codes) and sites: the gazetteer every app refers to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access.models import validate_iso3


class AdminArea(models.Model):
    pcode = models.CharField(_("P-code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("admin level"))
    country = models.CharField(_("country"), max_length=3, validators=[validate_iso3])
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("parent area"))

    class Meta:
        ordering = ["pcode"]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        constraints = [models.CheckConstraint(condition=models.Q(level__lte=3),
                                              name="adminarea_level_0_to_3")]

    def __str__(self) -> str:
        return f"{self.name} ({self.pcode})"
