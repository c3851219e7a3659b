from __future__ import annotations

from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from corridor.jobs.vocabulary import EDUCATION_LEVELS, SECTORS, SKILLS

register = template.Library()

CRITERIA = {"skills": _("Skills"), "experience": _("Sector experience"),
            "languages": _("Languages"), "place": _("Place"), "education": _("Education")}
PLACE_TIERS = {"area": _("same admin area"), "country": _("same country"),
               "other": _("elsewhere"), "unknown": _("not known")}
_SECTORS = dict(SECTORS)
_EDUCATION = dict(EDUCATION_LEVELS)


@register.filter
def skill_label(code: str) -> str:
    """A vocabulary skill's translated label; a free term as typed."""
    found = SKILLS.get(code)
    return gettext(found[0]) if found else code


@register.filter
def skill_labels(codes) -> str:
    return ", ".join(skill_label(c) for c in codes or [])


@register.filter
def sector_label(code: str) -> str:
    return gettext(_SECTORS[code]) if code in _SECTORS else code


@register.filter
def education_label(code: str) -> str:
    return gettext(_EDUCATION[code]) if code in _EDUCATION else "—"


@register.filter
def criterion_label(key: str) -> str:
    return CRITERIA.get(key, key)


@register.filter
def place_tier_label(tier: str) -> str:
    return PLACE_TIERS.get(tier, tier)


@register.filter
def criteria(points: dict) -> list[tuple[str, float]]:
    return list(points.items())
