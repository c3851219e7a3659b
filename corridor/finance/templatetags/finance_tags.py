"""Amounts as the reader's language writes them: its decimal mark and grouping."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(value) -> str:
    """A Decimal amount with its own decimals, grouped ("1 000 000,00" in French)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def account_label(account) -> str:
    from corridor.finance.chart import account_label as label

    return label(account)


@register.filter
def fund_label(fund) -> str:
    from corridor.finance.chart import fund_label as label

    return label(fund)
