"""What the registry tells the rest of the platform, without importing it.

`people_registered` is sent once the transaction that registered people has committed, whichever
way they came in (person or household page, API, spreadsheet or Kobo/ODK import, evacuation list).
Apps that act on new registrations (the duplicate check) connect to it in their AppConfig.ready();
the registry never imports them.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# Sent with: actor (the user who registered them), person_ids (list[int]), via (a short name of
# the path: "form", "household", "api", "import", "evacuation").
people_registered = Signal()


def announce_registered(*, actor, person_ids: list[int], via: str) -> None:
    """Send `people_registered` after the current transaction commits (at once outside one)."""
    if not person_ids:
        return
    ids = list(person_ids)
    transaction.on_commit(lambda: people_registered.send(
        sender="registry", actor=actor, person_ids=ids, via=via))
