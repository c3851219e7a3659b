"""Registry people as the linkage engine's records (engines/linkage), and the engine's
explanations as stored JSON: what deduplication runs, registration checks and tracing searches
all compare people with.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from corridor.registry.models import DatePrecision, Person
from engines.linkage import api as linkage
from engines.linkage.records import COLUMNS

# The engine trains its own model only on large inputs (MIN_RECORDS_TO_TRAIN); a search or a check
# must be quick and repeatable, so the shipped model is always used.
MODEL = linkage.DEFAULT_MODEL


def birth_text(date, precision: str, year: int | None = None) -> str:
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
        "birth_date": birth_text(person.birth_date, person.birth_date_precision),
        "birth_place": place, "nationality": person.nationality, "address": address,
        "locality": "", "postcode": "", "phone": phone, "document_number": "",
    }


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
