"""Amounts as the reader's language writes them: its decimal mark and grouping."""

from __future__ import annotations

from django import template

from corridor.core import formatting

register = template.Library()


@register.filter
def money(value) -> str:
    """A Decimal amount with its own decimals, grouped ("1 000 000,00" in French)."""
    return formatting.money(value)
