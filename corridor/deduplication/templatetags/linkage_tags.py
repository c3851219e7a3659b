"""Template filters of the comparison tables (deduplication and tracing): the engine's codes in
the reader's language."""

from __future__ import annotations

from django import template

from corridor.deduplication import labels

register = template.Library()


@register.filter
def field_label(field: str) -> str:
    return labels.field_label(field)


@register.filter
def level_label(level: str) -> str:
    return labels.level_label(level)


@register.filter
def evidence_label(weight: float | None) -> str:
    return labels.evidence_label(weight)


@register.filter
def likelihood_label(probability: float) -> str:
    return labels.likelihood_label(probability)
