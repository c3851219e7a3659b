"""Who works on the ledger. Finance is the organisation's, not an office's: finance.view and
finance.edit held in any office reach it all (ADR 0070: funds may later belong to offices)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from corridor.access.policies import has_permission
from corridor.core.errors import PermissionDenied


def may_view(user) -> bool:
    return has_permission(user, "finance.view")


def may_edit(user) -> bool:
    return has_permission(user, "finance.edit")


def require_edit(actor) -> None:
    """Services take actor=None for the system (migrations, the demo); a person needs the role."""
    if actor is not None and not may_edit(actor):
        raise PermissionDenied(_("Your role does not allow this."))


def require_view(user) -> None:
    if not may_view(user):
        raise PermissionDenied(_("Your role does not allow this."))
