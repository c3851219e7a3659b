"""Words to index terms, the same for the indexed text and the query, on every database.

Text is normalised (NFC, case folded, combining marks left over after composition removed: Arabic
short vowels, stray accents), split into runs of letters and digits in any script, and each word
stemmed by the Snowball stemmer of its language; a term is the language code followed by the stem
("frtravailleur"), so that each language's stems match only text stemmed the same way. Terms hold
only letters and digits: no query can reach an index's operator syntax (ADR 0091)."""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic", "pt": "portuguese",
            "ru": "russian", "de": "german", "it": "italian"}
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 16
MAX_WORD = 60


@functools.lru_cache(maxsize=32)
def _stemmer(language: str):
    algorithm = STEMMERS.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@functools.lru_cache(maxsize=200_000)
def stem_word(language: str, word: str) -> str:
    """One word's stem, remembered: a language's vocabulary repeats, and Snowball in pure Python
    costs tens of microseconds a word."""
    stemmer = _stemmer(language)
    return stemmer.stemWord(word) if stemmer else word


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text or "").casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return [word[:MAX_WORD] for word in WORD.findall(text)]


def stems(text: str, language: str) -> list[str]:
    return [stem_word(language, word) for word in words(text)]


def terms(text: str, language: str) -> list[str]:
    prefix = re.sub(r"[^a-z]", "", language.lower())
    return [prefix + stem for stem in stems(text, language) if stem]


def query_terms(query: str, languages: list[str]) -> dict[str, list[str]]:
    """Per language, the distinct terms of the query (at most MAX_QUERY_WORDS words)."""
    found = words(query)[:MAX_QUERY_WORDS]
    text = " ".join(found)
    result = {}
    for language in languages:
        unique = list(dict.fromkeys(terms(text, language)))
        if unique:
            result[language] = unique
    return result


def highlight(text: str, language: str, wanted: set[str], *, width: int = 220) -> list[tuple[str, bool]]:
    """A snippet of `text` around the first word whose stem is wanted, as (piece, marked) pairs
    (the template escapes the pieces and marks the matches)."""
    text = " ".join((text or "").split())
    spans = []
    for match in WORD.finditer(text):
        word = unicodedata.normalize("NFC", match.group()).casefold()
        if wanted and stem_word(language, word) in wanted:
            spans.append(match.span())
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), start + width)
    if start:
        start = text.find(" ", start) + 1 or start
    pieces, cursor = [], start
    if start:
        pieces.append(("… ", False))
    for a, b in spans:
        if a < start or b > end:
            continue
        pieces.append((text[cursor:a], False))
        pieces.append((text[a:b], True))
        cursor = b
    pieces.append((text[cursor:end], False))
    if end < len(text):
        pieces.append((" …", False))
    return [(piece, marked) for piece, marked in pieces if piece]
