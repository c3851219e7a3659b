"""Collecting every problem with an input before refusing it (ValidationFailed names each field)."""

from __future__ import annotations

from corridor.core.errors import ValidationFailed


class Problems:
    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, field: str, message: str) -> Problems:
        self.items.append({"field": field, "message": message})
        return self

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationFailed(self.items)
