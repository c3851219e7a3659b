"""Amounts as the reader's language writes them: its decimal mark and grouping."""

from __future__ import annotations

from django import template

from corridor.core import formatting

register = template.Library()


@register.filter
def money(value) -> str:
    """A Decimal amount with its own decimals, grouped ("1 000 000,00" in French)."""
    return formatting.money(value)


@register.filter
def account_label(account) -> str:
    from corridor.finance.chart import account_label as label

    return label(account)


@register.filter
def fund_label(fund) -> str:
    from corridor.finance.chart import fund_label as label

    return label(fund)
