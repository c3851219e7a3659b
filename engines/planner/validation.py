"""Turn a raw JSON document into a `Problem`, or refuse it listing every problem found.

Every check runs to the end rather than stopping at the first error, so that whoever prepared the
file can fix it in one pass. Paths look like `travellers[3].ready`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from engines.planner.model import Problem, Transport, Traveller

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ValidationError(ValueError):
    """Raised by `validate`; `problems` lists every problem, one human-readable line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the planning input:\n" + "\n".join(self.problems)
        )


class _Checker:
    """Collects problems; each reader returns the parsed value, or None after recording why not."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def text(self, path: str, value: Any) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        self.add(path, f"expected a non-empty string, got {value!r}")
        return None

    def flag(self, path: str, value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        self.add(path, f"expected true or false, got {value!r}")
        return None

    def count(self, path: str, value: Any) -> int | None:
        # bool is a subclass of int in Python, but `"seats": true` is a mistake, not a 1.
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(path, f"expected an integer, got {value!r}")
            return None
        if value < 0:
            self.add(path, f"must not be negative, got {value}")
            return None
        return value

    def priority(self, path: str, value: Any) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            return value
        self.add(path, f"priority must be an integer from 1 to 5, got {value!r}")
        return None

    def date(self, path: str, value: Any) -> dt.date | None:
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass  # well formed but impossible, e.g. 2026-02-30
        self.add(path, f"not a date {value!r}")
        return None

    def record(
        self, path: str, item: Any, readers: dict[str, Callable[[str, Any], Any]]
    ) -> dict[str, Any] | None:
        """Read one object field by field; None when anything about it was wrong."""
        if not isinstance(item, dict):
            self.add(path, f"expected an object, got {_json_type(item)}")
            return None
        before = len(self.problems)
        for key in item:
            if key not in readers:
                self.add(f"{path}.{key}", "unknown field")
        values = {}
        for key, reader in readers.items():
            if key in item:
                values[key] = reader(f"{path}.{key}", item[key])
            else:
                self.add(f"{path}.{key}", "missing field")
        return values if len(self.problems) == before else None

    def items(self, name: str, value: Any) -> list:
        if isinstance(value, list):
            return value
        self.add(name, f"expected a list, got {_json_type(value)}")
        return []

    def unique_id(self, seen: dict[str, str], path: str, value: Any) -> None:
        if not isinstance(value, str):
            return  # already reported as a bad id
        if value in seen:
            self.add(f"{path}.id", f"duplicate id {value!r} (also {seen[value]})")
        else:
            seen[value] = path


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")


def validate(raw: Any) -> Problem:
    """Check a decoded JSON document against the input contract and build the `Problem`."""
    check = _Checker()
    if not isinstance(raw, dict):
        check.add("$", f"expected an object with travellers and transports, got {_json_type(raw)}")
        raise ValidationError(check.problems)
    for key in raw:
        if key not in ("travellers", "transports"):
            check.add(key, "unknown field")
    for key in ("travellers", "transports"):
        if key not in raw:
            check.add(key, "missing field")

    traveller_readers = {
        "id": check.text, "household": check.text, "priority": check.priority,
        "origin": check.text, "destination": check.text, "ready": check.date,
        "wheelchair": check.flag, "needs_escort": check.flag,
    }
    transport_readers = {
        "id": check.text, "origin": check.text, "destination": check.text,
        "departure": check.date, "seats": check.count, "wheelchair_places": check.count,
        "escort_places": check.count,
    }

    travellers: list[Traveller] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(check.items("travellers", raw.get("travellers", []))):
        path = f"travellers[{index}]"
        values = check.record(path, item, traveller_readers)
        if isinstance(item, dict):
            check.unique_id(seen, path, item.get("id"))
        if values is not None:
            travellers.append(Traveller(**values))
    _check_households(check, raw.get("travellers"))

    transports: list[Transport] = []
    seen = {}
    for index, item in enumerate(check.items("transports", raw.get("transports", []))):
        path = f"transports[{index}]"
        values = check.record(path, item, transport_readers)
        if isinstance(item, dict):
            check.unique_id(seen, path, item.get("id"))
        if values is not None:
            transports.append(Transport(**values))

    if check.problems:
        raise ValidationError(check.problems)
    return Problem(travellers=tuple(travellers), transports=tuple(transports))


def _check_households(check: _Checker, items: Any) -> None:
    """A household travels together, so all its members must share origin and destination."""
    if not isinstance(items, list):
        return
    first_member: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("household"), str):
            continue
        household = item["household"]
        if household not in first_member:
            first_member[household] = index
            continue
        first = items[first_member[household]]
        for key in ("origin", "destination"):
            mine, theirs = item.get(key), first.get(key)
            if isinstance(mine, str) and isinstance(theirs, str) and mine != theirs:
                check.add(
                    f"travellers[{index}].{key}",
                    f"household {household!r} is split: {key} {mine!r} here but {theirs!r} "
                    f"at travellers[{first_member[household]}]",
                )
