"""Name search that copes with scripts and spellings: names are reduced to the linkage engine's
canonical tokens (transliterated, particles dropped, variants unified) and consonant skeletons."""

from __future__ import annotations

from collections.abc import Iterable

from engines.linkage.normalise import name_tokens, skeleton


def _keys(text: str) -> list[str]:
    keys = []
    for token in name_tokens(text):
        keys.append(token)
        keys.append(skeleton(token))
    return keys


def search_text(names: Iterable[str]) -> str:
    """The stored search column: every key of every name, space-delimited on both sides."""
    keys = sorted({key for name in names if name for key in _keys(name) if key})
    return f" {' '.join(keys)} " if keys else ""


def query_alternatives(query: str) -> list[tuple[str, str]]:
    """For each word of a query: its canonical token and its skeleton (either may match).

    A skeleton shorter than three letters ("tr" for Traore) would match nearly every name, so the
    word then matches by its canonical token only."""
    alternatives = []
    for token in name_tokens(query):
        key = skeleton(token)
        alternatives.append((token, key if len(key) >= 3 else token))
    return alternatives
