"""Texts in several languages: every text field holds one version per language of the settings'
LANGUAGES (a JSON object {code: text}), so that adding a language adds no column (ADR 0090).

The reader's language is shown first; a missing translation falls back visibly to the source
language (or the first language holding text), naming the languages the text also exists in."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language


def codes() -> list[str]:
    """The content languages, in the settings' order (the interface's languages)."""
    return [code for code, _name in settings.LANGUAGES]


def current() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in codes() else codes()[0]


@dataclass(frozen=True)
class Text:
    text: str
    language: str  # the language the text is in
    fallback: bool  # True when it is not the reader's language
    others: list[str] = field(default_factory=list)  # other languages holding this text

    def __str__(self) -> str:
        return self.text


def pick(value: dict | None, language: str | None = None, source: str = "") -> Text:
    """The text of `value` in `language` (the reader's by default), else in `source`, else in
    the first language that has it."""
    value = {k: v for k, v in (value or {}).items() if v and k in codes()}
    language = language or current()
    order = [language, source, *codes()]
    chosen = next((code for code in order if code in value), "")
    others = [code for code in codes() if code in value and code != chosen]
    return Text(value.get(chosen, ""), chosen or language, bool(chosen) and chosen != language,
                others)


def clean(value: dict | None) -> dict[str, str]:
    """Only the configured languages, stripped, empty ones dropped."""
    return {code: str(value[code]).strip() for code in codes()
            if value and str(value.get(code) or "").strip()}
