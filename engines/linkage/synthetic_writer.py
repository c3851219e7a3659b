"""What registration does to a name, a place and a date: the synthetic registry's corruptions
(engines.linkage.generator), drawn from one seeded random generator."""

from __future__ import annotations

import numpy as np

from engines.linkage.synthetic_names import SHORT_FORMS

_KEYBOARD = "abcdefghijklmnopqrstuvwxyz"


def latin(spellings: list[str]) -> list[str]:
    return [s for s in spellings if s.isascii() or all(ord(c) < 0x370 for c in s)]


class Writer:
    """Draws spellings and corruptions from one random generator."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def pick(self, items: list) -> object:
        return items[int(self.rng.integers(len(items)))]

    def spelling(self, spellings: list[str], *, native: bool) -> str:
        latin_ones = latin(spellings)
        if native and len(latin_ones) < len(spellings):
            return self.pick([s for s in spellings if s not in latin_ones])
        return str(self.pick(latin_ones))

    def free_variant(self, name: str) -> str:
        """A transliteration variant no table lists: vowels, doubling, particles, spacing, case."""
        rng = self.rng
        out = name
        roll = rng.random()
        if roll < 0.25:
            swaps = [("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("e", "a"), ("a", "e"),
                     ("o", "u"), ("y", "i"), ("i", "y"), ("kh", "h"), ("q", "k"), ("j", "dj")]
            src, dst = swaps[int(rng.integers(len(swaps)))]
            if src in out.lower():
                idx = out.lower().index(src)
                out = out[:idx] + dst + out[idx + len(src) :]
        elif roll < 0.45:
            letters = [i for i, c in enumerate(out) if c.isalpha() and c.lower() not in "aeiou"]
            if letters:
                i = int(self.pick(letters))
                out = out[: i + 1] + out[i].lower() + out[i + 1 :]
        elif roll < 0.6:
            for particle in ("Al-", "El-", "Al ", "Abu ", "Bin "):
                if out.startswith(particle):
                    glued = out.replace(" ", "").replace("-", "")
                    out = out[len(particle) :] if rng.random() < 0.5 else glued
                    break
            else:
                out = out.replace(" ", "") if " " in out else out
        if rng.random() < 0.3:
            out = out.upper()
        return out

    def short_form(self, spellings: list[str]) -> str | None:
        """A nickname or short form of the name (Tunde for Babatunde), if it has one."""
        forms = SHORT_FORMS.get(spellings[0])
        return str(self.pick(forms)) if forms else None

    def place_variant(self, place: str) -> str:
        """Another romanisation of a place no table lists: German or Polish spellings of
        Cyrillic (Charkiw, Cherson, Kyjiw), compounds glued or split (Free Town, Jalal-Abad)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.35 and (" " in place or "-" in place):
            return place.replace(" ", "").replace("-", "") if rng.random() < 0.7 else place.replace(" ", "-")
        if roll < 0.7:
            swaps = [("Kh", "Ch"), ("kh", "ch"), ("v", "w"), ("y", "j"), ("sh", "sch"), ("ts", "z")]
            for src, dst in swaps:
                if src in place:
                    return place.replace(src, dst)
        if rng.random() < 0.3:
            return place.upper()
        return place

    def typo(self, name: str) -> str:
        if len(name) < 3:
            return name
        rng = self.rng
        i = int(rng.integers(1, len(name) - 1))
        kind = rng.random()
        if kind < 0.3:
            return name[:i] + name[i + 1 :]
        if kind < 0.55:
            return name[:i] + str(self.pick(list(_KEYBOARD))) + name[i + 1 :]
        if kind < 0.8:
            return name[:i] + name[i + 1] + name[i] + name[i + 2 :] if i + 1 < len(name) else name
        return name[:i] + str(self.pick(list(_KEYBOARD))) + name[i:]


def date_text(year: int, month: int, day: int, style: str) -> str:
    if style == "compact":
        return f"{year:04d}{month:02d}{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"

