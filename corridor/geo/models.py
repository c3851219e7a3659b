"""Administrative areas (levels 0–3, with P-codes) and sites: the gazetteer every app refers to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.geo.codes import validate_iso3


class AdminArea(models.Model):
    pcode = models.CharField(_("P-code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("admin level"))
    country = models.CharField(_("country"), max_length=3, validators=[validate_iso3])
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("parent area"))
    # An approximate centroid, enough to place the area on the offline map (no boundaries).
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["pcode"]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        constraints = [models.CheckConstraint(condition=models.Q(level__lte=3),
                                              name="adminarea_level_0_to_3")]

    def __str__(self) -> str:
        return f"{self.name} ({self.pcode})"


class SiteKind(models.TextChoices):
    CAMP = "camp", _("Camp")
    COLLECTIVE_CENTRE = "collective_centre", _("Collective centre")
    INFORMAL = "informal", _("Informal settlement")
    HOST_COMMUNITY = "host_community", _("Host community")


class Site(models.Model):
    """A displacement site (camp, collective centre) that site assessments refer to by `code`."""

    code = models.CharField(_("site code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    admin_area = models.ForeignKey(AdminArea, on_delete=models.PROTECT, related_name="sites",
                                   verbose_name=_("administrative area"))
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
