"""Partner agencies and the projects under which people are assisted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office
from corridor.core.models import VersionedModel


class PartnerKind(models.TextChoices):
    UN_AGENCY = "un_agency", _("UN agency")
    RED_CROSS = "red_cross", _("Red Cross or Red Crescent")
    NGO = "ngo", _("Non-governmental organisation")
    GOVERNMENT = "government", _("Government")
    OTHER = "other", _("Other")


class Partner(VersionedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")

    def __str__(self) -> str:
        return self.acronym or self.name


class ProgrammeCategory(models.TextChoices):
    """The organisation's four kinds of programme (memorandum A/51/232)."""

    HUMANITARIAN = "humanitarian", _("Humanitarian migration")
    DEVELOPMENT = "development", _("Migration for development")
    TECHNICAL_COOPERATION = "technical_cooperation", _("Technical cooperation on migration")
    DEBATE_RESEARCH = "debate_research", _("Migration debate, research and information")


class Project(VersionedModel):
    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("programme category"), max_length=30,
                                choices=ProgrammeCategory.choices)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="projects",
                               verbose_name=_("office"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})
        if self.budget is not None and self.budget < 0:
            raise ValidationError({"budget": _("A budget cannot be negative.")})
