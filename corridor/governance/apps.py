from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """The governing bodies: sessions of the Council and the Executive Committee, attendance,
    and votes decided by engines/governance from the rule set in force (ADR 0080, 0081)."""

    name = "corridor.governance"
    label = "governance"
    verbose_name = _("Governance")
