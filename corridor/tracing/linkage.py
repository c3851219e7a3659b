"""The adapter to engines.linkage: registry people and sought persons as the engine's records.

Only people whose latest tracing consent is given enter the frame. The frame is cached per
process and refreshed when the consenting registry changes (count or last update moved): only
the people changed since, or newly consenting, are read again; the index is then rebuilt from
the frame (seconds per million records; reading every person again took far longer).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import pandas as pd
from django.conf import settings
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery

from corridor.deduplication.records import (
    MODEL,
    birth_text,
    explanation_data,
    people_frame,
    person_record,
)
from corridor.registry.models import Consent, ConsentPurpose, DatePrecision, Person
from engines.linkage import api as linkage
from engines.linkage.records import COLUMNS

TOP = 10
log = logging.getLogger(__name__)

_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "frame": None, "index": None, "since": None}


def _latest_tracing_consent():
    return Subquery(Consent.objects.filter(person=OuterRef("pk"), purpose=ConsentPurpose.TRACING)
                    .order_by("-recorded_on", "-id").values("given")[:1])


def consenting_people() -> QuerySet[Person]:
    """Standing people whose most recent tracing consent is given; nobody else is ever proposed.

    A merged registration is not proposed (its standing record is); and a refusal recorded on any
    registration merged into a record keeps that record out too (ADR 0041)."""
    refused_elsewhere = (Person.objects.filter(merged_into__isnull=False)
                         .annotate(tracing_consent=_latest_tracing_consent())
                         .filter(tracing_consent=False).values("merged_into"))
    return (Person.objects.filter(merged_into__isnull=True)
            .annotate(tracing_consent=_latest_tracing_consent()).filter(tracing_consent=True)
            .exclude(pk__in=refused_elsewhere))


def has_tracing_consent(person_id: int) -> bool:
    return consenting_people().filter(pk=person_id).exists()


def refused_tracing(person_id: int) -> bool:
    """The person's latest tracing consent is a refusal."""
    latest = (Consent.objects.filter(person_id=person_id, purpose=ConsentPurpose.TRACING)
              .order_by("-recorded_on", "-id").values_list("given", flat=True).first())
    return latest is False


def sought_record(sought) -> dict:
    precision = DatePrecision.EXACT if sought.birth_date else DatePrecision.YEAR
    return {
        "id": f"s{sought.pk}", "given_name": sought.given_name,
        "family_name": sought.family_name, "father_name": sought.father_name,
        "mother_name": sought.mother_name, "sex": sought.sex if sought.sex != "unknown" else "",
        "birth_date": birth_text(sought.birth_date, precision, sought.birth_year),
        "birth_place": sought.place_of_origin, "nationality": sought.nationality,
        "address": "", "locality": "", "postcode": "", "phone": "", "document_number": "",
    }


def _registry_key() -> tuple:
    """(consenting people, their last update, tracing consents, the last consent's id)."""
    people = consenting_people()
    facts = Person.objects.filter(pk__in=people.values("pk")).aggregate(
        n=Count("id"), last=Max("updated_at"))
    consents = Consent.objects.filter(purpose=ConsentPurpose.TRACING).aggregate(
        n=Count("id"), last=Max("id"))
    return (facts["n"], facts["last"], consents["n"], consents["last"])


def _build_frame() -> pd.DataFrame:
    people = (consenting_people().select_related("place_of_origin", "household")
              .prefetch_related("phones").order_by("id"))
    return people_frame(people)


def _cached() -> dict[str, Any]:
    """The consenting registry as the engine's records, and its search index, refreshed when a
    person or a tracing consent changed (the index takes seconds on a large registry; a search
    on it, milliseconds)."""
    key = _registry_key()
    with _lock:
        if _cache["key"] != key or _cache["frame"] is None:
            frame = (_build_frame() if _cache["frame"] is None
                     else _refreshed(_cache["frame"], _cache["since"]))
            _cache.update(key=key, frame=frame, since=key[1],
                          index=linkage.search_index(frame) if not frame.empty else None)
        return dict(_cache)


def _refreshed(frame: pd.DataFrame, since) -> pd.DataFrame:
    """The frame with the people who stopped consenting (or were merged, or deleted) dropped,
    and those updated after `since` or newly consenting read again."""
    # One read of the consenting people's ids and last updates (the consent subquery is the
    # costly part of the query: it is run once).
    updated = dict(consenting_people().values_list("pk", "updated_at"))
    consenting = set(updated)
    held = frame["id"].astype(int)
    reread = ({pk for pk, at in updated.items() if since is None or at > since}
              | (consenting - set(held)))
    kept = frame[held.isin(consenting) & ~held.isin(reread)]
    fresh = people_frame(Person.objects.filter(pk__in=reread))
    out = pd.concat([kept, fresh], ignore_index=True)
    return out.sort_values("id", key=lambda ids: ids.astype(int), ignore_index=True)


def registry_frame() -> pd.DataFrame:
    return _cached()["frame"]


def search(sought_people) -> tuple[pd.DataFrame, dict[tuple[str, int], dict]]:
    """The registry searched for each sought person: results (request_id "s<pk>", record_id
    (person pk as text), rank, match_probability) and, for each (request_id, person id) found,
    the stored explanation of the pair with the weights the search ranked it by.

    Asked of the host's index server when TRACING_INDEX_SOCKET names one (the index is held
    there, once per host); answered in this process otherwise, or if the server cannot be
    reached (logged: the search still answers, at the cost of this process's memory)."""
    if not sought_people:
        return pd.DataFrame(columns=linkage.RESULT_COLUMNS), {}
    records = [sought_record(s) for s in sought_people]
    address = settings.TRACING_INDEX_SOCKET
    if address:
        from corridor.tracing import index_server

        try:
            return index_server.ask(address, records)
        except (OSError, EOFError):
            log.warning("tracing index server unreachable at %s: searching in this process",
                        address)
    return search_local(records)


def search_local(records: list[dict]) -> tuple[pd.DataFrame, dict[tuple[str, int], dict]]:
    """`search` on this process's index (the index server runs this)."""
    index = _cached()["index"]
    if index is None or not records:
        return pd.DataFrame(columns=linkage.RESULT_COLUMNS), {}
    requests = pd.DataFrame(records, columns=list(COLUMNS))
    results = linkage.search(index, requests, top=TOP)
    explanations: dict[tuple[str, int], dict] = {}
    for record in records:
        found = results[results["request_id"] == record["id"]]["record_id"].astype(str).tolist()
        ids = [pk for pk in found if pk in index]
        for explanation in (linkage.explain_search(index, record, ids) if ids else []):
            explanations[(record["id"], int(explanation.id_l))] = explanation_data(explanation)
    return results, explanations


def explain(person: Person, sought) -> linkage.PairExplanation:
    """One pair, scored now; prefer the explanation stored with the candidate (`explain_many`)."""
    phone = person.phones.values_list("number", flat=True).first() or ""
    left = person_record(person, phone=phone,
                         place=person.place_of_origin.name if person.place_of_origin_id else "",
                         address=person.household.address if person.household_id else "")
    return linkage.explain(left, sought_record(sought), model=MODEL)
