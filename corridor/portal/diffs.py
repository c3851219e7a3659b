"""Differences between two revisions of an item, and between a translation and its source: both
as word-level operations the template marks (inserted, deleted), on the flattened texts."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from corridor.portal import content, languages
from corridor.portal.models import Item, Revision
from corridor.portal.search.indexing import plain


@dataclass
class Change:
    path: str
    language: str
    pieces: list[tuple[str, str]]  # ("equal" | "insert" | "delete", text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = plain(old).split(), plain(new).split()
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", " ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            pieces.append(("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("insert", " ".join(b[j1:j2])))
    return pieces


def revision_diff(item: Item, old: Revision, new: Revision) -> list[Change]:
    """Each text that differs between `old` and `new`, per language."""
    a, b = content.flatten(old.data, item.kind), content.flatten(new.data, item.kind)
    changes = []
    for path in dict.fromkeys([*a, *b]):
        for code in languages.codes():
            before, after = (a.get(path) or {}).get(code, ""), (b.get(path) or {}).get(code, "")
            if before != after:
                changes.append(Change(path, code, word_diff(before, after)))
    return changes


@dataclass
class Side:
    path: str
    source: str
    translation: str
    source_changes: list[tuple[str, str]]  # the source's change since the translation was written


def translation_diff(item: Item, language: str, revision: Revision | None = None) -> list[Side]:
    """A translation beside its source, text by text, with what changed in the source since the
    revision where this translation's text was last changed (what it may now be missing)."""
    revisions = list(item.revisions.order_by("number"))
    revision = revision or revisions[-1]
    source = item.source_language
    current = content.flatten(revision.data, item.kind)
    sides = []
    for path, texts in current.items():
        translated = texts.get(language, "")
        written_at = None
        previous = None
        for r in revisions:
            if r.number > revision.number:
                break
            text = (content.flatten(r.data, item.kind).get(path) or {}).get(language, "")
            if text != previous:
                written_at, previous = r, text
        base = ""
        if written_at is not None and translated:
            base = (content.flatten(written_at.data, item.kind).get(path) or {}).get(source, "")
        now = texts.get(source, "")
        sides.append(Side(path, now, translated,
                          word_diff(base, now) if translated and base != now else []))
    return sides
