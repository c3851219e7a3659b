"""Errors the service layer raises; pages and API turn each into one kind of answer."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


class CorridorError(Exception):
    """A refusal with a message fit to show the user."""


@dataclass(frozen=True)
class Refusal:
    """A record that exists but lies outside the user's scope: what the audit trail keeps of
    the attempt (never shown to the user, whose answer is the same 404 as for an absent one)."""

    object_type: str
    object_id: int
    office_id: int | None


class NotFound(CorridorError):
    """Absent, or outside the user's scope: both answer 404 so that existence does not leak.
    `refused` tells the second case apart, for the audit trail only."""

    def __init__(self, *args: object, refused: Refusal | None = None) -> None:
        super().__init__(*args)
        self.refused = refused


class PermissionDenied(CorridorError):
    """The user may see the record but not do this to it."""


class VersionConflict(CorridorError):
    """The record changed since the client read it."""

    def __init__(self, current_version: int) -> None:
        super().__init__(_(
            "The record was changed by someone else (now version %(version)d); reload it and "
            "apply your change again.") % {"version": current_version})
        self.current_version = current_version


class ValidationFailed(CorridorError):
    """Input refused; `problems` lists each as {'where': ..., 'field': ..., 'message': ...}."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{p.get('where', '')} {p['field']}: {p['message']}".strip()
                                   for p in problems))
        self.problems = problems


def clean_or_refuse(obj, *, exclude: list[str] | None = None) -> None:
    """Run the model's validation; turn Django's error into ValidationFailed naming each field."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed([
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items() for message in messages
        ]) from None
