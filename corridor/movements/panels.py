"""The travel readiness panel on a person's page (the registry shows it without importing
movements): medical clearances and exit or entry permissions on record, with links to record
new ones. Shown to whoever may see movements in the person's office."""

from __future__ import annotations

from corridor.access.policies import can_in_office
from corridor.registry.panels import register_person_panel

# The newest of each kind shown; older ones stay in the record (and the audit trail).
SHOWN = 5


def _readiness_panel(user, person):
    if not can_in_office(user, "movements.view", person.office_id):
        return None
    return {
        "person": person,
        "clearances": list(person.clearances.order_by("-examined_on", "-id")[:SHOWN]),
        "permissions": list(person.travel_permissions.order_by("-id")[:SHOWN]),
        "can_record": can_in_office(user, "movements.edit", person.office_id),
    }


def register() -> None:
    register_person_panel("movements.readiness", "movements/_readiness_panel.html",
                          _readiness_panel)
