"""Keeping the index: an item's entries (one per language it has text in) rewritten whenever its
published content changes; an item no longer public keeps no entry."""

from __future__ import annotations

import re

from corridor.portal import kinds, languages
from corridor.portal.models import Item, SearchEntry
from corridor.portal.search import backends, text

_TAG = re.compile(r"<[^>]+>")


def plain(html: str) -> str:
    return _TAG.sub(" ", html or "")


def texts_of(item: Item) -> dict[str, str]:
    """The item's searchable text per language (the untranslated names in each of them)."""
    per_language: dict[str, list[str]] = {}
    translated = [item.title, item.summary,
                  {k: plain(v) for k, v in (item.body or {}).items()},
                  *[value for _path, value in kinds.translated_texts(item.kind, item.details)]]
    for value in translated:
        for language, content in (value or {}).items():
            if language in languages.codes():
                per_language.setdefault(language, []).append(content)
    shared = " ".join(kinds.plain_texts(item.kind, item.details))
    return {language: " ".join(parts) + " " + shared for language, parts in per_language.items()}


def entries_for(item: Item) -> list[SearchEntry]:
    codes = languages.codes()
    return [SearchEntry(id=item.pk * backends.SLOTS + codes.index(language), item=item,
                        language=language, terms=" ".join(text.terms(content, language)))
            for language, content in texts_of(item).items()]


def reindex(items: list[Item]) -> None:
    SearchEntry.objects.filter(item__in=items).delete()
    entries = [entry for item in items for entry in entries_for(item)]
    SearchEntry.objects.bulk_create(entries, batch_size=2000)
    backends.after_write([entry.pk for entry in entries])


def unindex(item: Item) -> None:
    SearchEntry.objects.filter(item=item).delete()
