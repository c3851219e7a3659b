"""Pieces every page repeats, written in one pass: as template loops, a list page's menu and
filter options were a third of its template's cost."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
SELECTED = mark_safe(" selected")
CURRENT = mark_safe(' aria-current="page"')


@register.simple_tag
def select_options(choices: Iterable[tuple[object, object]], selected: object) -> SafeString:
    """<option>s of (value, label) choices; the one equal to `selected` (as text) is selected."""
    chosen = "" if selected is None else str(selected)
    return format_html_join("", "<option value=\"{}\"{}>{}</option>", (
        (value, SELECTED if str(value) == chosen else "", label)
        for value, label in choices))


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    """The menu's entries (access.navigation), the current page's marked for screen readers."""
    match = getattr(context.get("request"), "resolver_match", None)
    current = match.view_name if match else None
    return format_html_join("", "<li><a href=\"{}\"{}>{}</a></li>", (
        (entry.url, CURRENT if entry.url_name == current else "",
         entry.label)
        for entry in context.get("navigation") or ()))
