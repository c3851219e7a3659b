"""The menu: each entry shows to the users whose roles hold its permission."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from corridor.access.policies import has_permission


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None  # None: every signed-in user

    @property
    def url(self) -> str:
        return _url(get_script_prefix(), self.url_name)


@cache
def _url(script_prefix: str, url_name: str) -> str:
    """Menu addresses never change while the process runs (reversing the menu's fifteen names
    on every page was a tenth of a list page's cost); the prefix is part of the key."""
    return reverse(url_name)


NAVIGATION: tuple[NavEntry, ...] = (
    NavEntry(_("Home"), "access:home", None),
    NavEntry(_("People"), "registry:person_list", "registry.view"),
    NavEntry(_("Cases"), "cases:case_list", "cases.view"),
    NavEntry(_("Projects"), "partners:project_list", "projects.view"),
    NavEntry(_("Partners"), "partners:partner_list", "partners.manage"),
    NavEntry(_("Shared with my agency"), "partners:shared_home", "partners.view"),
    NavEntry(_("Jobs"), "jobs:vacancy_list", "jobs.view"),
    NavEntry(_("Tracing"), "tracing:request_list", "tracing.view"),
    NavEntry(_("Deduplication"), "deduplication:runs", "registry.dedupe"),
    NavEntry(_("Movements"), "movements:operation_list", "movements.view"),
    NavEntry(_("Flows"), "flows:dashboard", "flows.view"),
    NavEntry(_("Finance"), "finance:home", "finance.view"),
    NavEntry(_("Governance"), "governance:sessions", "governance.view"),
    NavEntry(_("Cooperation"), "cooperation:home", "cooperation.view"),
    NavEntry(_("Portal content"), "editorial:items", "portal.edit"),
    NavEntry(_("Import"), "registry_imports:start", "registry.import"),
    NavEntry(_("Statistics"), "registry:statistics", "stats.view"),
    NavEntry(_("Offices"), "access:office_list", "offices.view"),
    NavEntry(_("Staff"), "access:staff_list", "staff.view"),
    NavEntry(_("Role approvals"), "access:grant_list", "staff.manage"),
    NavEntry(_("Audit trail"), "access:audit_list", "audit.view"),
    NavEntry(_("API tokens"), "access:token_list", None),
)


def entries_for(user) -> list[NavEntry]:
    if not user.is_authenticated:
        return []
    return [e for e in NAVIGATION if e.permission is None or has_permission(user, e.permission)]
