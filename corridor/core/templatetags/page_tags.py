"""Pieces every page repeats, written in one pass: as template loops, a list page's menu and
filter options were a third of its template's cost."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
CURRENT = ' aria-current="page"'


@register.simple_tag
def select_options(choices: Iterable[tuple[object, object]], selected: object) -> SafeString:
    """<option>s of (value, label) choices; the one equal to `selected` (as text) is selected."""
    chosen = "" if selected is None else str(selected)
    # Safe: values and labels are escaped here (format_html per option cost more than the rest).
    return mark_safe("".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) == chosen else ""}>'
        f"{escape(str(label))}</option>" for value, label in choices))


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    """The menu's entries (access.navigation), the current page's marked for screen readers."""
    match = getattr(context.get("request"), "resolver_match", None)
    current = match.view_name if match else None
    return mark_safe("".join(  # safe: addresses and labels are escaped here
        f'<li><a href="{escape(entry.url)}"'
        f'{CURRENT if entry.url_name == current else ""}>'
        f"{escape(str(entry.label))}</a></li>"
        for entry in context.get("navigation") or ()))


@register.simple_tag(takes_context=True)
def datalists(context: template.Context, form) -> SafeString:
    """The lists the form's DatalistInputs offer, each written once per page. What was written
    is kept on the request: each include of form_fields.html has a render context of its own."""
    from corridor.core.widgets import DatalistInput

    request = context.get("request")
    if request is not None:
        written = request.__dict__.setdefault("corridor_datalists", set())
    else:
        written = context.render_context.setdefault("datalists_written", set())
    out = []
    for field in form:
        widget = field.field.widget
        if isinstance(widget, DatalistInput) and widget.list_id not in written:
            written.add(widget.list_id)
            out.append(widget.datalist())
    return mark_safe("".join(out))
