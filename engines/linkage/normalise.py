"""Turn names written in any script and spelling into comparable Latin forms and keys.

Everything here is a pure function of one value, cached, because registries repeat the same
names thousands of times: normalising the unique values once is what keeps 1M records fast.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import jellyfish
from anyascii import anyascii

VARIANTS_FILE = Path(__file__).resolve().parent / "data" / "name_variants.csv"
# A user file with the same two columns (canonical,variant) extends the shipped one.
VARIANTS_ENV = "CORRIDOR_NAME_VARIANTS"

NICKNAMES_FILE = Path(__file__).resolve().parent / "data" / "nicknames.csv"
# A user file with the same columns (nickname,full_name) extends the shipped one.
NICKNAMES_ENV = "CORRIDOR_NICKNAMES"

# Particles that are written, dropped or glued inconsistently ("Al-Hassan", "ALHASAN", "Hassan").
PARTICLES = frozenset({"al", "el", "ul", "abu", "abou", "bin", "ben", "ibn", "bint", "ould", "wuld"})
# "Abd al-Rahman", "Abdul Rahman", "Abdurahman" are one name: glue the theophoric prefix.
ABD_PREFIXES = frozenset({"abd", "abdel", "abdul", "abdal", "abdol", "abdu"})
_ARABIC_ARTICLE = re.compile(r"(^|\s)\u0627\u0644(?=\S{2,})")
_NON_LETTER = re.compile(r"[^a-z ]+")


def load_variants(extra: Iterable[Path | str] = ()) -> dict[str, str]:
    """variant -> canonical, from the shipped file, `CORRIDOR_NAME_VARIANTS` and `extra` files."""
    paths: list[Path] = [VARIANTS_FILE]
    if os.environ.get(VARIANTS_ENV):
        paths.append(Path(os.environ[VARIANTS_ENV]))
    paths.extend(Path(p) for p in extra)
    table: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                canonical = _plain(row.get("canonical") or "")
                variant = _plain(row.get("variant") or "")
                if canonical and variant:
                    table[variant.replace(" ", "")] = canonical.replace(" ", "")
                    table.setdefault(canonical.replace(" ", ""), canonical.replace(" ", ""))
    return table


_VARIANTS: dict[str, str] = {}


def set_variants(table: dict[str, str]) -> None:
    """Replace the equivalence table (e.g. after loading a user file) and drop the caches."""
    _VARIANTS.clear()
    _VARIANTS.update(table)
    normalise_name.cache_clear()
    name_tokens.cache_clear()
    is_known_name.cache_clear()
    table_names.cache_clear()
    full_name.cache_clear()
    normalise_place.cache_clear()


def variants() -> dict[str, str]:
    if not _VARIANTS:
        _VARIANTS.update(load_variants())
    return _VARIANTS


def _plain(text: str) -> str:
    """Latin lower-case letters and single spaces; Arabic article dropped before transliterating."""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_ARTICLE.sub(r"\1", text)
    text = anyascii(text).lower().replace("'", "").replace("`", "")
    return " ".join(_NON_LETTER.sub(" ", text).split())


def _canonical_token(token: str, table: dict[str, str]) -> str:
    if token in table:
        return table[token]
    # Glued article: "alhasan", "elsayed" — only when what remains is a known name, so that
    # "alexander" or "elena" are left alone.
    for prefix in ("al", "el", "ul"):
        rest = token[len(prefix) :]
        if token.startswith(prefix) and len(rest) >= 3 and rest in table:
            return table[rest]
    return token


@lru_cache(maxsize=1_000_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """Canonical tokens of a name: transliterated, particles dropped, variants unified."""
    if not text:
        return ()
    table = variants()
    raw = _plain(text).split()
    glued: list[str] = []
    i = 0
    while i < len(raw):
        token = raw[i]
        if token in ABD_PREFIXES and i + 1 < len(raw):
            step = 2 if raw[i + 1] in {"al", "el", "ul"} and i + 2 < len(raw) else 1
            glued.append("abd" + _canonical_token(raw[i + step], table))
            i += step + 1
            continue
        glued.append(token)
        i += 1
    tokens = [t for t in glued if t and t not in PARTICLES]
    if not tokens:  # a name made only of particles ("Abu") is still a name
        tokens = [t for t in glued if t]
    out = []
    for token in tokens:
        if token in table:  # "abdullahi", "abdulai": a name of the table, not abdul + a name
            out.append(table[token])
        elif token.startswith(("abdul", "abdel", "abdal", "abdol")) and len(token) > 6:
            out.append("abd" + _canonical_token(token[5:], table))
        elif token.startswith("abdu") and len(token) > 6:
            out.append("abd" + _canonical_token(token[4:], table))
        else:
            out.append(_canonical_token(token, table))
    return tuple(out)


@lru_cache(maxsize=1_000_000)
def normalise_name(text: str) -> str:
    """One string per name part, tokens kept in order: the value exact comparisons use."""
    return " ".join(name_tokens(text))


# "C" stands for the affricates (ch, ts) so that a plain "c" can be read as "k" afterwards.
_DIGRAPHS = (
    ("dzh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "C"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ts", "C"),
    ("zh", "j"),
    ("dj", "j"),
    ("ck", "k"),
)
# c/k (Kuzmenco, Kuzmenko; Camara, Kamara) and v/w (Ivan, Iwan; Vali, Wali) are one sound
# written two ways; "v" is read as "w" so that it follows the rule for a non-initial w below.
_LETTERS = str.maketrans({"q": "k", "x": "h", "c": "k", "w": "v", "y": "j", "z": "s"})


@lru_cache(maxsize=1_000_000)
def skeleton(token: str) -> str:
    """Consonant skeleton of one token: survives vowel spellings and Arabic-script input.

    "mohammed", "muhamad" and "محمد" (anyascii "mhmd") all give "mhmd"; the sounds that
    transliterations disagree on (kh/h, q/k, ou/u, doubled letters) are folded together.
    """
    if not token:
        return ""
    text = token
    for digraph, single in _DIGRAPHS:
        text = text.replace(digraph, single)
    text = text.replace("v", "w")
    head, tail = text[0], text[1:]
    # Non-initial w/y are vowels in Arabic transliteration ("mhmwd" = "mahmud").
    tail = tail.replace("w", "").replace("y", "")
    text = (head + tail).translate(_LETTERS).replace("C", "c")
    consonants = re.sub(r"[aeiou]", "", text)
    if len(consonants) > 1 and consonants.endswith("h"):
        consonants = consonants[:-1]  # ta marbuta: "fatimah" / "فاطمة" (ftmh)
    collapsed = re.sub(r"(.)\1+", r"\1", consonants)
    return collapsed or token[:2]


@lru_cache(maxsize=1)
def table_names() -> frozenset[str]:
    """Every spelling and every canonical name of the variant table."""
    table = variants()
    return frozenset(table) | frozenset(table.values())


@lru_cache(maxsize=1_000_000)
def is_known_name(canonical: str) -> bool:
    """True when every token is a canonical name of the variant table."""
    if not canonical:
        return False
    known = set(variants().values())
    return all(token in known for token in canonical.split())


def name_skeleton(canonical: str) -> str:
    """Skeleton of a whole canonical name, tokens joined: the phonetic key compared and blocked on."""
    return "".join(skeleton(t) for t in canonical.split())


@lru_cache(maxsize=1_000_000)
def metaphone(canonical: str) -> str:
    """jellyfish Metaphone of the joined name: a second, English-leaning phonetic opinion."""
    return jellyfish.metaphone(canonical.replace(" ", "")) if canonical else ""


def digits(text: str, keep_last: int = 9) -> str:
    """Phone numbers: digits only, last `keep_last` kept so that +963 / 00963 / 0 prefixes agree."""
    only = re.sub(r"\D", "", text or "")
    return only[-keep_last:]


def load_nicknames(extra: Iterable[Path | str] = ()) -> dict[str, str]:
    """nickname -> canonical full name (both as normalise_name writes them, spaces removed),
    from the shipped file, `CORRIDOR_NICKNAMES` and `extra` files. The first full name listed
    for a nickname is kept."""
    paths: list[Path] = [NICKNAMES_FILE]
    if os.environ.get(NICKNAMES_ENV):
        paths.append(Path(os.environ[NICKNAMES_ENV]))
    paths.extend(Path(p) for p in extra)
    table: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = (line for line in handle if not line.startswith("#"))
            for row in csv.DictReader(lines):
                nickname = normalise_name(row.get("nickname") or "").replace(" ", "")
                full = normalise_name(row.get("full_name") or "").replace(" ", "")
                if nickname and full and nickname != full:
                    table.setdefault(nickname, full)
    return table


_NICKNAMES: dict[str, str] = {}


def nicknames() -> dict[str, str]:
    if not _NICKNAMES:
        _NICKNAMES.update(load_nicknames())
    return _NICKNAMES


@lru_cache(maxsize=1_000_000)
def full_name(canonical: str) -> str:
    """The canonical name with each nickname or short form replaced by its full name
    ("tunde" -> "babatunde", "sasha" -> "oleksandr"): the key of the "nickname" level and of
    the blocks that must meet a person under either name."""
    if not canonical:
        return ""
    table = nicknames()
    return " ".join(table.get(token, token) for token in canonical.split())


# Romanisations of one place differ in ways names' do not: German and Polish spellings of
# Cyrillic (Charkiw, Cherson, Kyjiw, Saporischschja), compounds glued or split (Free Town,
# Jalal-Abad), doubled letters. Applied in order to the joined letters.
_PLACE_FOLDS = (
    ("dsch", "j"),
    ("zh", "sh"),
    ("z", "s"),
    ("tsch", "ch"),
    ("sch", "sh"),
    ("w", "v"),
    ("j", "y"),
    ("q", "k"),
    ("ou", "u"),
    ("ee", "i"),
    ("ya", "ia"),
)


@lru_cache(maxsize=100_000)
def normalise_place(text: str) -> str:
    """One key per place however it was romanised: tokens as for names, joined, folded."""
    joined = "".join(name_tokens(text))
    if not joined:
        return ""
    # A Latin "ch" at the start of a Cyrillic or Arabic place is German or Polish for "kh".
    if joined.startswith("ch"):
        joined = "kh" + joined[2:]
    for src, dst in _PLACE_FOLDS:
        joined = joined.replace(src, dst)
    # Ukrainian "ї" is written i, yi or ji (Mykolaiv, Mykolayiv, Mykolajiw).
    return re.sub(r"(.)\1+", r"\1", joined).replace("yi", "i")


def normalise_address(text: str) -> str:
    """Addresses keep their numbers ("Block 12", "Camp 5"): letters transliterated, digits kept."""
    plain = anyascii(unicodedata.normalize("NFKC", text or "")).lower()
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", plain).split())


def normalise_document(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", anyascii(text or "").upper())
