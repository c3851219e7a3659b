"""Pieces every page repeats, written in one pass: as template loops, a list page's menu and
filter options were a third of its template's cost."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

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


@register.filter
def number(value) -> str:
    """A figure grouped as the reader's language writes it (corridor.core.formatting)."""
    from corridor.core.formatting import number as written

    return "" if value is None or value == "" else written(value)


@register.filter
def percent(value, places: int = 0) -> str:
    """A percentage as the reader's language writes it ("12,5 %" in French)."""
    from corridor.core.formatting import percent as written

    return written(value, int(places))


@register.simple_tag
def onward() -> str:
    """The arrow from one state to the next, pointing the way the line reads (← in Arabic)."""
    from django.utils.translation import get_language_bidi

    return "←" if get_language_bidi() else "→"


_PDF_FONTS = (("Corridor Arabic", "NotoSansArabic",
               "U+0600-06FF, U+0750-077F, U+0870-08FF, U+FB50-FDFF, U+FE70-FEFF"),
              ("Corridor Ethiopic", "NotoSansEthiopic", "U+1200-139F, U+2D80-2DDF, U+AB00-AB2F"))


@register.simple_tag
def pdf_fonts() -> SafeString:
    """@font-face rules for a PDF (WeasyPrint): the app's Arabic and Ethiopic fonts by their file
    address, since a PDF is rendered from a string with no page address to resolve static
    addresses against. The same files the pages load (corridor/static/corridor/fonts)."""
    from django.contrib.staticfiles import finders

    rules = []
    for family, stem, ranges in _PDF_FONTS:
        for weight, style in ((400, "Regular"), (700, "Bold")):
            found = finders.find(f"corridor/fonts/{stem}-{style}.woff2")
            if found:
                rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                             f'src: url("{Path(found).as_uri()}"); unicode-range: {ranges}; }}')
    return mark_safe("\n".join(rules))  # safe: fixed names and file addresses of our own files


@register.filter
def money(value) -> str:
    """An amount with its own decimals, grouped as the reader's language writes it."""
    from corridor.core.formatting import money as written

    return written(value)
