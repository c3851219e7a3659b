"""Name search that copes with scripts and spellings.

Every word of a person's names is reduced to one key: the linkage engine's canonical token
(transliterated to Latin, particles dropped, known variants unified) folded to its consonant
skeleton, so that "Mohammed", "Muhamad" and "محمد" share "mhmd". A skeleton shorter than three
letters would match nearly everyone ("tr" for Traore): such a word keeps its token, with doubled
letters single ("Haddad" and "Hadad" share "hadad"). The same function reduces the words of a
query, and a person matches when they hold every query word's key.

Keys are rows of `PersonNameKey` with a b-tree on (key, person): one query word is one exact
index range ordered by person, so a search reads its matches in person order (newest first) and
stops after a page, whatever the size of the registry; other words are checked person by person
on the (person, key) index. When the variant table changes, `manage.py corridor_name_keys`
recomputes every key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

from corridor.registry.models import Person, PersonNameKey
from engines.linkage.normalise import name_tokens, skeleton

MIN_SKELETON = 3
# Enough to tell a rare word from a common one when choosing which word leads a search.
FREQUENCY_CAP = 5000
FREQUENCY_SECONDS = 300
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def word_key(token: str) -> str:
    """The key of one canonical token."""
    key = skeleton(token)
    if len(key) < MIN_SKELETON:
        key = _DOUBLED.sub(r"\1", token)
    return key[:PersonNameKey.KEY_LENGTH]


@lru_cache(maxsize=200_000)
def _keys_of_name(name: str) -> frozenset[str]:
    return frozenset(word_key(token) for token in name_tokens(name) if token)


def name_keys(names: Iterable[str]) -> set[str]:
    """The keys of every word of every name."""
    return {key for name in names if name for key in _keys_of_name(name)}


def names_of(person: Person) -> list[str]:
    return [person.given_name, person.family_name, person.original_script_name,
            *(person.aliases or [])]


def key_rows(people: Iterable[Person]) -> Iterator[PersonNameKey]:
    for person in people:
        for key in name_keys(names_of(person)):
            yield PersonNameKey(person_id=person.pk, key=key)


def store_name_keys(people: Sequence[Person]) -> None:
    """Replace the stored keys of these people with the keys of their current names."""
    PersonNameKey.objects.filter(person__in=[p.pk for p in people]).delete()
    PersonNameKey.objects.bulk_create(key_rows(people), batch_size=2000)


def rebuild_name_keys(person_model=Person, key_model=PersonNameKey, batch: int = 5000) -> int:
    """Recompute every stored key (after a change of the variant table, or in the migration that
    created them, which passes its historical models). Returns the number of keys written."""
    key_model.objects.all().delete()
    written, rows = 0, []
    names = ("pk", "given_name", "family_name", "original_script_name", "aliases")
    for pk, given, family, original, aliases in (
            person_model.objects.order_by().values_list(*names).iterator(chunk_size=batch)):
        rows += [key_model(person_id=pk, key=key)
                 for key in name_keys([given, family, original, *(aliases or [])])]
        if len(rows) >= batch:
            key_model.objects.bulk_create(rows)
            written, rows = written + len(rows), []
    key_model.objects.bulk_create(rows)
    return written + len(rows)


def query_keys(query: str) -> list[str]:
    """The key of each word of a query, in order, without repeats."""
    return list(dict.fromkeys(word_key(token) for token in name_tokens(query) if token))


def _frequency(key: str) -> int:
    """How many people hold `key`, counted up to FREQUENCY_CAP on the index alone. Kept a few
    minutes in the process cache: it only decides which word leads, never what is found."""
    return cache.get_or_set(f"registry:name-key-frequency:{key}",
                            lambda: PersonNameKey.objects.filter(key=key)[:FREQUENCY_CAP].count(),
                            FREQUENCY_SECONDS)


def named(people: QuerySet[Person], query: str) -> QuerySet[Person]:
    """`people` narrowed to those holding every word of `query`, newest registration first.

    The rarest word's keys are read in person order (newest first) and joined to the people,
    so a page stops after its rows; other words are checked person by person. The order is
    the key's person column, not the person's id: SQLite does not see they are equal and would
    sort every match."""
    keys = query_keys(query)
    if query.strip() and not keys:  # only digits or signs: nobody holds that name
        return people.none()
    if not keys:
        return people
    if len(keys) > 1 and connection.vendor == "sqlite":
        # SQLite keeps no statistics per key value: it would lead with the first word, however
        # common. PostgreSQL's planner knows each key's frequency and picks the order itself.
        keys.sort(key=_frequency)
    first, *others = keys
    people = people.filter(name_keys__key=first)  # one row per person: (key, person) is unique
    for key in others:
        people = people.filter(Exists(PersonNameKey.objects.filter(person=OuterRef("pk"), key=key)))
    return people.order_by("-name_keys__person_id")
