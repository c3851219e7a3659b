"""Template filters of the flow pages: the engine's codes in the reader's language."""

from __future__ import annotations

from django import template

from corridor.flows import labels

register = template.Library()


@register.filter
def flow_value(code: str, dimension: str) -> str:
    """`{{ row.population_type|flow_value:"population_type" }}`: the code's label, or the code."""
    return labels.value_label(dimension, code)
