"""Exchange profiles: a partner's codes for Corridor's fields, versioned (replacing the
spreadsheets the field kept). An export to a partner uses its profile in force: the column
names, HXL hashtags and value codes (e.g. sex "female" → "F")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.core.models import VersionedModel


class ExchangeProfile(VersionedModel):
    """`mapping`: {field code: {"column": str, "hxl": str, "values": {ours: theirs}}}.
    A new edition replaces the former one for new exports; old editions are kept as they were."""

    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT,
                                related_name="exchange_profiles", verbose_name=_("partner"))
    edition = models.PositiveIntegerField(_("version"))
    mapping = models.JSONField(_("mapping"), default=dict)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["partner__name", "-edition"]
        verbose_name = _("exchange profile")
        constraints = [models.UniqueConstraint(fields=["partner", "edition"],
                                               name="exchange_profile_edition_unique")]

    def __str__(self) -> str:
        return f"{self.partner} v{self.edition}"


__all__ = ["ExchangeProfile"]
