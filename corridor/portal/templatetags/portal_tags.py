"""Showing the portal's content: a text in the reader's language with a visible fallback, labels of
codes, country names, and highlighted snippets."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info

from corridor.geo.countries import country_name
from corridor.portal import languages, vocab
from corridor.portal.models import Kind

register = template.Library()


@register.filter
def tr(value: dict | None, source: str = "") -> languages.Text:
    return languages.pick(value, None, source)


@register.simple_tag
def text(value: dict | None, source: str = "", html: bool = False) -> SafeString:
    """The text in the reader's language, or in another one marked by its lang attribute and
    followed by a note naming the languages it exists in ("in French; also in Spanish")."""
    picked = languages.pick(value, None, source)
    if not picked.text:
        return mark_safe("")
    content = mark_safe(picked.text) if html else picked.text  # html: sanitised when saved
    if not picked.fallback:
        return format_html("{}", content)
    tag = "div" if html else "span"
    return format_html('<{} lang="{}">{}</{}> <small class="fallback">({})</small>', tag,
                       picked.language, content, tag, fallback_note(picked))


def fallback_note(picked: languages.Text) -> str:
    from django.utils.translation import gettext as _
    names = [language_name(code) for code in picked.others]
    note = _("in %(language)s") % {"language": language_name(picked.language)}
    if names:
        note += "; " + _("also in %(languages)s") % {"languages": ", ".join(names)}
    return note


@register.filter
def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@register.filter
def also_in(value: dict | None) -> str:
    picked = languages.pick(value)
    return ", ".join(language_name(code) for code in picked.others)


@register.filter
def country(code: str) -> str:
    return country_name(code)


@register.filter
def kind_label(code: str) -> str:
    return str(Kind(code).label) if code in Kind.values else code


@register.filter
def code_label(code: str, table: str) -> str:
    return vocab.label(getattr(vocab, table.upper()), code)


@register.filter
def snippet(pieces: list[tuple[str, bool]]) -> SafeString:
    return format_html_join("", "{}", ((format_html("<mark>{}</mark>", piece) if marked else piece,)
                                       for piece, marked in pieces))


@register.simple_tag
def with_param(params: dict, key: str, value="") -> str:
    """The search's query string with `key` set to `value` (or removed when empty), page reset."""
    from urllib.parse import urlencode
    kept = {k: v for k, v in params.items() if k not in (key, "page")}
    if value not in ("", None):
        kept[key] = value
    return "?" + urlencode(kept)


@register.filter
def facet_label(code, facet: str) -> str:
    if facet == "kind":
        return kind_label(code)
    if facet == "country":
        return country_name(code)
    if facet == "region":
        return vocab.label(vocab.REGIONS, code)
    if facet == "language":
        return language_name(code)
    if facet == "subject":
        return vocab.label(vocab.SUBJECTS, code)
    return str(code)
