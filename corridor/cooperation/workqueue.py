"""Cooperation's part of the home page's work queue: follow-ups of returning qualified
nationals' placements due within two weeks or late (6 and 12 months after the start)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.access.policies import has_permission
from corridor.access.workqueue import counted, register_source
from corridor.cooperation import selectors


def _items(user):
    if not has_permission(user, "cooperation.edit"):
        return []
    due = selectors.follow_ups_due(user=user)
    return [counted("cooperation.follow_ups", _("Follow-ups of returning nationals due"), due,
                    "placement__created_at", reverse("cooperation:placements") + "?due=1")]


def register() -> None:
    register_source("cooperation", _items)
