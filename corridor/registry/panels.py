"""Panels that other apps add to a person's page, so that the registry shows what they know of
the person without importing them (the import contracts forbid it).

An app registers a panel in its AppConfig.ready(): a template, and a function of (user, person)
giving the template's context, or None when there is nothing to show. The context's `people`, if
any, are other people the panel names: the page's audit lists them with the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Context = Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class PersonPanel:
    name: str
    template: str
    context: Context


@dataclass(frozen=True)
class ShownPanel:
    template: str
    context: dict[str, Any]


_panels: dict[str, PersonPanel] = {}


def register_person_panel(name: str, template: str, context: Context) -> None:
    # Keyed by name: an app's ready() that runs twice (tests, autoreload) registers once.
    _panels[name] = PersonPanel(name=name, template=template, context=context)


def person_panels(user, person) -> list[ShownPanel]:
    shown = []
    for panel in _panels.values():
        context = panel.context(user, person)
        if context is not None:
            shown.append(ShownPanel(template=panel.template, context=context))
    return shown
