"""The duplicate check of every new registration, whichever way it came in (person or household
page, API, import, evacuation list): the registry announces new people (`people_registered`),
`queue` keeps a pending check for each, and the background worker scores them (`run_pending`)
against the registry in the scope of who registered them. What it finds is shown on the person's
page and in the API, and the people stay in the tracing officer's review (deduplication runs)."""

from __future__ import annotations

import logging

from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from corridor.core.errors import NotFound
from corridor.deduplication import records
from corridor.deduplication.models import RegistrationCheck
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person, PersonNameKey
from corridor.registry.search import name_keys, names_of

log = logging.getLogger(__name__)

# What a registration check scores at most: the newest people sharing a name key or birth year.
CHECK_CANDIDATES = 500
CHECK_TOP = 5
CHECK_FLOOR = 0.5
# How many pending checks one pass of the worker takes; how many ids one statement binds.
BATCH = 500
CHUNK = 500


def queue(*, actor, person_ids: list[int]) -> int:
    """A pending check for each of these people (one already pending or done is asked again).

    In slices: an import announces its 100,000 people at once, more ids than SQLite binds in one
    statement."""
    for start in range(0, len(person_ids), CHUNK):
        ids = person_ids[start:start + CHUNK]
        existing = set(RegistrationCheck.objects.filter(person_id__in=ids)
                       .values_list("person_id", flat=True))
        if existing:
            RegistrationCheck.objects.filter(person_id__in=existing).update(
                checked_at=None, requested_by=actor)
        RegistrationCheck.objects.bulk_create(
            [RegistrationCheck(person_id=pk, requested_by=actor) for pk in ids
             if pk not in existing], batch_size=CHUNK)
    if person_ids:  # one task scores them all, however many were announced
        run_pending_checks.enqueue()
    return len(person_ids)


@task()
def run_pending_checks() -> int:
    """The background task (ADR 0044): score every pending check, in passes of BATCH."""
    done = 0
    while True:
        count = run_pending()
        done += count
        if count < BATCH:
            return done


def run_pending(limit: int = BATCH) -> int:
    """Score up to `limit` pending checks, oldest first; a check that fails is logged and marked
    done with no match (the check is advice; it must not stop the others)."""
    pending = list(RegistrationCheck.objects.filter(checked_at__isnull=True)
                   .select_related("person", "requested_by").order_by("pk")[:limit])
    for check in pending:
        try:
            if check.requested_by is None or not check.requested_by.is_active:
                raise NotFound("who registered the person is gone")
            registration_check(actor=check.requested_by, person=check.person)
        except Exception:
            log.exception("registration check of person %s failed", check.person_id)
            RegistrationCheck.objects.filter(pk=check.pk).update(checked_at=timezone.now(),
                                                                 matches=[])
    return len(pending)


def _name_keys(person: Person) -> list[str]:
    """The person's name keys as registry search stores them (one per word: the consonant
    skeleton of the engine's canonical token), so Mohammed finds Muhamad; keys under three
    letters match too much to narrow anything."""
    return sorted(key for key in name_keys(names_of(person)) if len(key) >= 3)


def check_candidates(person: Person, scope: QuerySet[Person]) -> QuerySet[Person]:
    """A small candidate set from the database: standing people in scope sharing a name key
    (read on the key index) and born within a year of the person (or with no date). Scored by
    the engine afterwards."""
    found = _name_keys(person)
    if not found:
        return scope.none()
    keys = Q(pk__in=PersonNameKey.objects.filter(key__in=found).values("person_id"))
    if person.birth_date is not None:
        year = person.birth_date.year
        keys &= Q(birth_date__year__gte=year - 1, birth_date__year__lte=year + 1) | Q(
            birth_date__isnull=True)
    return (scope.filter(merged_into__isnull=True).exclude(pk=person.pk).filter(keys)
            .order_by("-id")[:CHECK_CANDIDATES])


def registration_check(*, actor, person: Person) -> list[tuple[int, float]]:
    """Score the new record against its candidate set in the actor's registry scope and keep the
    likely duplicates with the person; shown on the person's page and in the API."""
    if not registry_policies.can(actor, "view", person):
        raise NotFound("No such person")
    candidates = list(check_candidates(person, registry_policies.visible_to(actor))
                      .select_related("place_of_origin", "household")
                      .prefetch_related("phones"))
    matches = records.best_matches(person, candidates, top=CHECK_TOP, floor=CHECK_FLOOR)
    RegistrationCheck.objects.update_or_create(
        person=person, defaults={"matches": [[pk, round(p, 6)] for pk, p in matches],
                                 "checked_at": timezone.now()})
    return matches
