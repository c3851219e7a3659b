"""The duplicate check of every new registration, whichever way it came in (person or household
page, API, import, evacuation list): the registry announces new people (`people_registered`),
`queue` keeps a pending check for each, and the background worker scores them (`run_pending`)
against the registry in the scope of who registered them. What it finds is shown on the person's
page and in the API, and the people stay in the tracing officer's review (deduplication runs)."""

from __future__ import annotations

import logging
from collections import defaultdict

import pandas as pd
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from corridor.core.errors import NotFound
from corridor.deduplication import records
from corridor.deduplication.models import RegistrationCheck
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person, PersonNameKey
from corridor.registry.search import name_keys, names_of
from engines.linkage import newcomers
from engines.linkage.records import COLUMNS

log = logging.getLogger(__name__)

# A found pair below this probability is not shown; at most CHECK_TOP are kept per person.
# The floor is below the run's merge threshold on purpose: a check proposes a pair for a person
# to look at, and the model's prior is that of two records drawn from the whole registry, while
# the check only compares people who already share a name key. Two records of one name and one
# birth year, the day and month unknown on both, score about 0.35: one person as often as not
# in a registry, and exactly the duplicate an estimated age hides (a floor of 0.5 missed it).
CHECK_TOP = 5
CHECK_FLOOR = 0.25
# How many pending checks one pass of the worker takes (an import's worth: they are scored
# together, in one linkage pass); how many ids one statement binds.
BATCH = 100_000
CHUNK = 500


def queue(*, actor, person_ids: list[int]) -> int:
    """A pending check for each of these people (one already pending or done is asked again).

    One upsert statement per row, sent in batches (INSERT … ON CONFLICT on the person, on both
    databases), not a read and then ORM writes: an import announces its 100,000 people at once,
    and building a model instance for each cost more than writing it."""
    requester_id = getattr(actor, "pk", None)
    quote = connection.ops.quote_name
    table = quote(RegistrationCheck._meta.db_table)
    # Names come from the model and are quoted; values are parameters.
    sql = (f"INSERT INTO {table} (person_id, requested_by_id, queued_at, checked_at, matches) "  # noqa: S608
           "VALUES (%s, %s, %s, NULL, '[]') ON CONFLICT (person_id) DO UPDATE SET "
           "requested_by_id = excluded.requested_by_id, checked_at = NULL")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for start in range(0, len(person_ids), CHUNK * 10):
            cursor.executemany(sql, [(pk, requester_id, now)
                                     for pk in person_ids[start:start + CHUNK * 10]])
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
    """Score up to `limit` pending checks, oldest first, those of one requester together (in
    their registry scope). A batch that fails is logged and marked done with no match (the
    check is advice; it must not hold up the others)."""
    pending = list(RegistrationCheck.objects.filter(checked_at__isnull=True).order_by("pk")
                   .values_list("pk", "person_id", "requested_by_id")[:limit])
    by_requester: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for pk, person_id, requester_id in pending:
        by_requester[requester_id].append((pk, person_id))
    requesters = get_user_model().objects.in_bulk([pk for pk in by_requester if pk is not None])
    for requester_id, taken in by_requester.items():
        actor = requesters.get(requester_id)
        found: dict[int, list[tuple[int, float]]] = {}
        try:
            if actor is None or not actor.is_active:
                raise NotFound("who registered the people is gone")
            found = score_registrations(actor=actor, person_ids=[p for _, p in taken])
        except Exception:
            log.exception("registration checks of %s people failed", len(taken))
        _store(taken, found)
    return len(pending)


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _store(taken: list[tuple[int, int]], found: dict[int, list[tuple[int, float]]]) -> None:
    now = timezone.now()
    with transaction.atomic():
        unmatched = [pk for pk, person_id in taken if not found.get(person_id)]
        for pks in _chunks(unmatched):
            RegistrationCheck.objects.filter(pk__in=pks).update(checked_at=now, matches=[])
        RegistrationCheck.objects.bulk_update(
            [RegistrationCheck(pk=pk, checked_at=now,
                               matches=[[other, round(p, 6)] for other, p in found[person_id]])
             for pk, person_id in taken if found.get(person_id)],
            ["checked_at", "matches"], batch_size=CHUNK)


def _name_keys(person: Person) -> list[str]:
    """The person's name keys as registry search stores them (one per word: the consonant
    skeleton of the engine's canonical token), so Mohammed finds Muhamad; keys under three
    letters match too much to narrow anything."""
    return sorted(key for key in name_keys(names_of(person)) if len(key) >= 3)


def candidate_pool(new: list[Person], scope: QuerySet[Person]) -> set[int]:
    """The ids the newcomers are compared with: standing people in scope sharing a name key
    (read on the key index) with one of them and born within a year of one of them (or with no
    date), and the newcomers themselves (a person registered twice in one file). The engine's
    blocking rules then pick the pairs it scores."""
    keys = sorted({key for person in new for key in _name_keys(person)})
    years = sorted({y for person in new if person.birth_date is not None
                    for y in range(person.birth_date.year - 1, person.birth_date.year + 2)})
    born = Q(person__birth_date__isnull=True)
    if years:
        born |= Q(person__birth_date__year__in=years)
    pool = {person.pk for person in new}
    # In scope as registry.policies says it (its own filter on the people), not a second reading
    # of who may see whom.
    standing = scope.filter(merged_into__isnull=True)
    for some in _chunks(keys):
        pool.update(PersonNameKey.objects.filter(born, key__in=some, person__in=standing)
                    .values_list("person_id", flat=True).distinct())
    return pool


def score_registrations(*, actor, person_ids: list[int]) -> dict[int, list[tuple[int, float]]]:
    """Person id -> its likely duplicates in the actor's registry scope, as (id, probability),
    best first: the newcomers and their candidate pool in one engine pass
    (engines.linkage.newcomers). People the actor cannot see are not scored."""
    scope = registry_policies.visible_to(actor)
    new: list[Person] = []
    for some in _chunks(person_ids):
        new.extend(scope.filter(pk__in=some))
    if not new:
        return {}
    pool = sorted(candidate_pool(new, scope))
    frame = pd.DataFrame(
        [records.full_record(person) for some in _chunks(pool, 2000)
         for person in Person.objects.filter(pk__in=some)
         .select_related("place_of_origin", "household").prefetch_related("phones")],
        columns=list(COLUMNS)).fillna("")
    matches = newcomers.best_matches(frame, [str(p.pk) for p in new], model=records.MODEL,
                                     top=CHECK_TOP, floor=CHECK_FLOOR)
    found: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for new_id, record_id, probability in matches.itertuples(index=False):
        found[int(new_id)].append((int(record_id), float(probability)))
    return dict(found)


def registration_check(*, actor, person: Person) -> list[tuple[int, float]]:
    """Score one new record in the actor's registry scope now and keep its likely duplicates
    with the person (shown on the person's page and in the API); what the worker does for each
    pending check, for one person."""
    if not registry_policies.can(actor, "view", person):
        raise NotFound("No such person")
    matches = score_registrations(actor=actor, person_ids=[person.pk]).get(person.pk, [])
    RegistrationCheck.objects.update_or_create(
        person=person, defaults={"matches": [[pk, round(p, 6)] for pk, p in matches],
                                 "checked_at": timezone.now()})
    return matches
