"""The menu: each entry shows to the users whose roles hold its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from corridor.access.policies import has_permission


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None  # None: every signed-in user


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry(_("Home"), "access:home", None),
    NavEntry(_("People"), "registry:person_list", "registry.view"),
    NavEntry(_("Statistics"), "registry:statistics", "stats.view"),
    NavEntry(_("Offices"), "access:office_list", "offices.view"),
    NavEntry(_("Staff"), "access:staff_list", "staff.view"),
    NavEntry(_("Audit trail"), "access:audit_list", "audit.view"),
    NavEntry(_("API tokens"), "access:token_list", None),
)


def entries_for(user) -> list[NavEntry]:
    if not user.is_authenticated:
        return []
    return [e for e in NAVIGATION if e.permission is None or has_permission(user, e.permission)]
