"""The kinds of background task, each registered by the app that owns it.

The tasks app knows no app: an app registers its kind (its name, stages and how its page shows
the outcome) from its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    stages: dict[str, str | Promise] = field(default_factory=dict)
    # The outcome's part of the task page: a template and its context for (task, user). The
    # owner decides what the user may see of it (it may decrypt the sealed report).
    outcome_template: str = ""
    outcome_context: Callable | None = None


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.code] = kind
    return kind


def get(code: str) -> Kind:
    return _KINDS.get(code) or Kind(code=code, label=code)
