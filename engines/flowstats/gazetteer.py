"""The admin areas a load is checked against: a set of P-codes (OCHA common operational datasets).

P-codes are hierarchical by prefix (SD01 is an admin-1 area, SD0101 one of its admin-2 areas),
which is what lets the filters take an area and match everything inside it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Gazetteer:
    pcodes: frozenset[str]

    @classmethod
    def of(cls, pcodes: Iterable[str]) -> Gazetteer:
        return cls(frozenset(p.strip().upper() for p in pcodes if p and p.strip()))

    @classmethod
    def from_csv(cls, path: str | Path) -> Gazetteer:
        """Read a CSV with a `pcode` column (other columns, such as names, are ignored)."""
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
            if "pcode" not in fields:
                raise ValueError(f"{path}: a gazetteer needs a 'pcode' column")
            return cls.of(row[fields["pcode"]] or "" for row in reader)

    def __contains__(self, pcode: object) -> bool:
        return pcode in self.pcodes
