"""Roles and what each may do. The one table that answers "may this role do that?"."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    CASE_WORKER = "case_worker", _("Case worker")
    MOVEMENT_OFFICER = "movement_officer", _("Movement officer")
    TRACING_OFFICER = "tracing_officer", _("Tracing officer")
    DATA_ANALYST = "data_analyst", _("Data analyst")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    GOVERNANCE_SECRETARIAT = "governance_secretariat", _("Governance secretariat")
    PARTNER_VIEWER = "partner_viewer", _("Partner viewer")
    PORTAL_EDITOR = "portal_editor", _("Portal editor")


# Permissions are "<area>.<verb>". Personal data sits behind registry.view.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMINISTRATOR: frozenset(
        {"offices.view", "offices.manage", "staff.view", "staff.manage", "audit.view",
         "geo.import", "partners.manage", "partners.audit", "partners.override"}
    ),
    # cooperation.*: technical cooperation with governments and the return of qualified
    # nationals (ADR 0092) are run by the country office's programme staff, who hold this role;
    # a returning national's placement is written on their case, which needs cases.edit anyway.
    Role.CASE_WORKER: frozenset(
        {"offices.view", "registry.view", "registry.edit", "registry.export", "registry.import",
         "cases.view", "cases.edit", "cases.approve", "jobs.view", "jobs.edit",
         "projects.view", "cooperation.view", "cooperation.edit",
         "partners.override"}
    ),
    # Movement officers plan operations and book people. On arrival they hand travellers over to
    # their cases with movements.handover, which allows exactly that (the approved case moves on
    # to in assistance, the fare is costed as a transport item; cases.services.handover) and not
    # the broad cases.edit: notes, other assistance, closing and assigning stay with case workers.
    # cases.view: bookings carry the traveller's case, and the planner's candidates are the
    # people of approved cases. registry.edit stays: evacuation mode registers the people on its
    # list (households, documents, consents) through the registry's own services, which is
    # registration proper, and an officer corrects a passport number or name before travel.
    Role.MOVEMENT_OFFICER: frozenset(
        {"offices.view", "registry.view", "registry.edit", "movements.view", "movements.edit",
         "movements.handover", "cases.view", "projects.view"}
    ),
    Role.TRACING_OFFICER: frozenset(
        {"offices.view", "registry.view", "tracing.view", "tracing.edit", "registry.dedupe"}
    ),
    # flows.publish: an analyst's import reaches the public page when another analyst of an
    # office that reaches it (the office's head holds this role there too) publishes it; never
    # its own uploader (corridor.flows.publication).
    Role.DATA_ANALYST: frozenset(
        {"offices.view", "stats.view", "flows.view", "flows.import", "flows.publish",
         "projects.view", "geo.import"}
    ),
    Role.FINANCE_OFFICER: frozenset(
        {"offices.view", "finance.view", "finance.edit", "projects.view", "projects.edit"}
    ),
    # portal.edit drafts and reviews the public portal's content; publishing needs a reviewer
    # other than the revision's author (corridor.portal.services.approve).
    Role.GOVERNANCE_SECRETARIAT: frozenset(
        {"offices.view", "governance.view", "governance.edit", "portal.edit"}
    ),
    Role.PORTAL_EDITOR: frozenset({"offices.view", "portal.edit"}),
    # A partner's user (partners.PartnerMember) sees only what an agreement in force shares with
    # it, person by person and field by field (corridor/partners/sharing.py), and answers the
    # referrals sent to its partner.
    Role.PARTNER_VIEWER: frozenset({"offices.view", "partners.view"}),
}

# Roles that see personal data, or can change who does: two-factor is required for them.
PERSONAL_DATA_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.CASE_WORKER, Role.MOVEMENT_OFFICER, Role.TRACING_OFFICER,
     Role.PARTNER_VIEWER}
)

# What an API token may be limited to; each maps onto the permissions it lets through.
TOKEN_SCOPES: dict[str, frozenset[str]] = {
    # No API reads staff: offices:read letting staff.view through made it a scope only an
    # administrator could be given (a token's scopes stay within its owner's roles).
    "offices:read": frozenset({"offices.view"}),
    "registry:read": frozenset({"registry.view"}),
    "registry:write": frozenset({"registry.view", "registry.edit"}),
    "cases:read": frozenset({"cases.view", "projects.view"}),
    "cases:write": frozenset({"cases.view", "cases.edit", "cases.approve", "projects.view"}),
    "jobs:read": frozenset({"jobs.view"}),
    "jobs:write": frozenset({"jobs.view", "jobs.edit"}),
    "imports:write": frozenset({"registry.view", "registry.edit", "registry.import"}),
    "registry:dedupe": frozenset({"registry.view", "registry.dedupe"}),
    "tracing:read": frozenset({"tracing.view"}),
    "tracing:write": frozenset({"tracing.view", "tracing.edit"}),
    "movements:read": frozenset({"movements.view"}),
    "movements:write": frozenset({"movements.view", "movements.edit", "movements.handover"}),
    "flows:read": frozenset({"flows.view"}),
    "flows:write": frozenset({"flows.view", "flows.import"}),
    "flows:publish": frozenset({"flows.view", "flows.publish"}),
    "geo:write": frozenset({"geo.import"}),
    "stats:read": frozenset({"stats.view"}),
    "finance:read": frozenset({"finance.view"}),
    "finance:write": frozenset({"finance.view", "finance.edit"}),
    "governance:read": frozenset({"governance.view"}),
    "governance:write": frozenset({"governance.view", "governance.edit"}),
    "audit:read": frozenset({"audit.view"}),
    "cooperation:read": frozenset({"cooperation.view"}),
    "cooperation:write": frozenset({"cooperation.view", "cooperation.edit"}),
    "partners:read": frozenset({"partners.view"}),
    "partners:manage": frozenset({"partners.manage", "partners.audit", "partners.override"}),
}


def scope_for_permission(permission: str) -> str | None:
    """The narrowest token scope that lets `permission` through."""
    for scope, permissions in TOKEN_SCOPES.items():
        if permission in permissions:
            return scope
    return None
