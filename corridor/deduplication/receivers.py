"""How deduplication plugs into the registry, which never imports it: a pending duplicate check for
every new registration, and the possible duplicates panel on the person's page."""

from __future__ import annotations

from django.dispatch import receiver

from corridor.deduplication import checks, selectors, services
from corridor.registry.panels import register_person_panel
from corridor.registry.signals import people_registered
from corridor.tasks.signals import worker_starting


@receiver(people_registered, dispatch_uid="deduplication.queue_checks")
def queue_checks(sender, *, actor, person_ids, via, **kwargs) -> None:
    checks.queue(actor=actor, person_ids=person_ids)


@receiver(worker_starting, dispatch_uid="deduplication.recover_runs")
def recover_runs(sender, **kwargs) -> list[str]:
    """A run left running by a worker that stopped is marked failed."""
    return [f"dedup run {pk}: failed (its worker had stopped)"
            for pk in services.recover_interrupted()]


def _possible_duplicates_panel(user, person):
    found = selectors.possible_duplicates(user=user, person=person)
    if not found:
        return None
    return {"possible_duplicates": found, "people": [other for other, _p in found]}


register_person_panel("deduplication.possible", "deduplication/_possible_duplicates.html",
                      _possible_duplicates_panel)
