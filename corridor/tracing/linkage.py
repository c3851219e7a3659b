"""The adapter to engines.linkage: registry people and sought persons as the engine's records.

Only people whose latest tracing consent is given enter the frame. The frame is cached per
process and refreshed when the consenting registry changes (count or last update moved): only
the people changed since, or newly consenting, are read again; the index is then rebuilt from
the frame (seconds per million records; reading every person again took far longer).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pandas as pd
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery

from corridor.registry.models import Consent, ConsentPurpose, DatePrecision, Person
from engines.linkage import api as linkage
from engines.linkage.records import COLUMNS

TOP = 10
# The engine trains its own model only on large inputs (MIN_RECORDS_TO_TRAIN); a search must be
# quick and repeatable, so we always use the shipped model.
MODEL = linkage.DEFAULT_MODEL

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


def _birth(date, precision: str, year: int | None = None) -> str:
    if date is None:
        return str(year) if year else ""
    if precision == DatePrecision.MONTH:
        return f"{date:%Y-%m}"
    if precision in (DatePrecision.YEAR, DatePrecision.ESTIMATED):
        return f"{date:%Y}"
    return date.isoformat()


def person_record(person: Person, *, phone: str = "", place: str = "", address: str = "") -> dict:
    return {
        "id": str(person.pk), "given_name": person.given_name, "family_name": person.family_name,
        "father_name": "",  # not in the registry's model
        "mother_name": "", "sex": person.sex if person.sex != "unknown" else "",
        "birth_date": _birth(person.birth_date, person.birth_date_precision),
        "birth_place": place, "nationality": person.nationality, "address": address,
        "locality": "", "postcode": "", "phone": phone, "document_number": "",
    }


def sought_record(sought) -> dict:
    precision = DatePrecision.EXACT if sought.birth_date else DatePrecision.YEAR
    return {
        "id": f"s{sought.pk}", "given_name": sought.given_name,
        "family_name": sought.family_name, "father_name": sought.father_name,
        "mother_name": sought.mother_name, "sex": sought.sex if sought.sex != "unknown" else "",
        "birth_date": _birth(sought.birth_date, precision, sought.birth_year),
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


def full_record(person: Person) -> dict:
    """The engine's record of a person with phone, place and address (prefetch phones)."""
    phones = list(person.phones.all())
    return person_record(person, phone=phones[0].number if phones else "",
                         place=person.place_of_origin.name if person.place_of_origin_id else "",
                         address=person.household.address if person.household_id else "")


def people_frame(people, progress: Callable[[int], None] | None = None,
                 chunk: int = 2000) -> pd.DataFrame:
    """The engine's records for these people, read in chunks (progress gets the count read)."""
    people = (people.select_related("place_of_origin", "household").prefetch_related("phones")
              .order_by("id"))
    rows: list[dict] = []
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last)[:chunk])
        if not batch:
            break
        rows.extend(full_record(p) for p in batch)
        last = batch[-1].pk
        if progress is not None:
            progress(len(rows))
    return pd.DataFrame(rows, columns=list(COLUMNS)).fillna("")


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


def search(sought_people) -> tuple[pd.DataFrame, linkage.SearchIndex | None]:
    """request_id ("s<pk>"), record_id (person pk as text), rank, match_probability; and the
    index searched, which `explain_candidates` explains the results with."""
    index = _cached()["index"]
    if index is None or not sought_people:
        return pd.DataFrame(columns=linkage.RESULT_COLUMNS), index
    requests = pd.DataFrame([sought_record(s) for s in sought_people], columns=list(COLUMNS))
    return linkage.search(index, requests, top=TOP), index


def probability_of(weight: float) -> float:
    """The match probability of a match weight (log2 odds, the prior included)."""
    return float(linkage.match_probability(weight))


def explanation_data(explanation: linkage.PairExplanation) -> dict:
    """An explanation as stored JSON (the inverse of `explanation_from`)."""
    return {"match_probability": explanation.match_probability,
            "match_weight": explanation.match_weight, "prior_weight": explanation.prior_weight,
            "household_rule_applied": explanation.household_rule_applied,
            "names_correction": explanation.names_correction,
            "fields": [{"field": f.field, "level": f.level, "category": f.category,
                        "weight": f.weight} for f in explanation.fields]}


def explanation_from(data: dict, id_l: str = "", id_r: str = "") -> linkage.PairExplanation:
    return linkage.PairExplanation(
        id_l=id_l, id_r=id_r, match_probability=data["match_probability"],
        match_weight=data["match_weight"], prior_weight=data["prior_weight"],
        household_rule_applied=data["household_rule_applied"],
        # Stored before names were counted together: no correction.
        names_correction=data.get("names_correction", 0.0),
        fields=tuple(linkage.FieldEvidence(**f) for f in data["fields"]))


def explain_candidates(index: linkage.SearchIndex | None, sought,
                       people: list[Person]) -> dict[int, dict]:
    """person id -> stored explanation of (person, sought): field by field, the weights the
    tracing search (on `index`, as `search` returned it) ranked the person by, so the review
    shows the probability of the list."""
    ids = [str(p.pk) for p in people if index is not None and str(p.pk) in index]
    if not ids:
        return {}
    return {int(e.id_l): explanation_data(e)
            for e in linkage.explain_search(index, sought_record(sought), ids)}


def file_scores(frame: pd.DataFrame) -> linkage.FileScores | None:
    """The frame's codes and frequencies under the model: built once, then deduplicated
    (`dedupe`) and its pairs explained (`explain_groups`) as they were ranked. None when the
    frame has fewer than two records: nothing to compare."""
    return linkage.file_scores(frame, model=MODEL) if len(frame) >= 2 else None


def explain_groups(scores: linkage.FileScores, groups: list[list[str]]) -> dict[str, dict]:
    """"a-b" -> explanation for every pair inside each group of record ids (a < b as text),
    with the weights the deduplication ranked it by (`scores`: file_scores of the frame that
    was deduplicated, its name frequencies included), so the review shows the probability the
    pair was proposed with."""
    wanted = [(a, b) for group in groups for a in sorted(group) for b in sorted(group) if a < b]
    return {f"{e.id_l}-{e.id_r}": explanation_data(e)
            for e in linkage.explain_within(scores, wanted)}


def dedupe(scores: linkage.FileScores | None) -> pd.DataFrame:
    """id_l, id_r, match_probability for the pairs of the file (`file_scores`) the engine
    judges to be one person."""
    if scores is None:
        return pd.DataFrame(columns=linkage.PAIR_COLUMNS)
    return linkage.dedupe_within(scores)


def best_matches(person: Person, others: list[Person], *, top: int = 5,
                 floor: float = 0.5) -> list[tuple[int, float]]:
    """The others most likely to be the same person as `person`, as (id, probability).

    Each pair is scored by the shipped model, as deduplication runs score them: the tracing
    index would weigh names by how common they are among `others`, a pool chosen because it
    shares the person's names, so a true duplicate's score fell with the size of the pool."""
    if not others:
        return []
    registry = pd.DataFrame([full_record(p) for p in others], columns=list(COLUMNS)).fillna("")
    request = pd.DataFrame([{**full_record(person), "id": "new"}], columns=list(COLUMNS))
    scored = sorted(((int(e.id_l), e.match_probability)
                     for e in linkage.explain_many(registry, request.fillna(""), model=MODEL)),
                    key=lambda pair: -pair[1])
    return [(pk, probability) for pk, probability in scored[:top] if probability >= floor]


def explain(person: Person, sought) -> linkage.PairExplanation:
    """One pair, scored now; prefer the explanation stored with the candidate (`explain_many`)."""
    phone = person.phones.values_list("number", flat=True).first() or ""
    left = person_record(person, phone=phone,
                         place=person.place_of_origin.name if person.place_of_origin_id else "",
                         address=person.household.address if person.household_id else "")
    return linkage.explain(left, sought_record(sought), model=MODEL)
