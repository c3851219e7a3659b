"""The adapter to engines.linkage: registry people and sought persons as the engine's records.

Only people whose latest tracing consent is given enter the frame. The frame is cached per
process and rebuilt when the consenting registry changes (count or last update moved).
"""

from __future__ import annotations

import threading
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
_cache: dict[str, Any] = {"key": None, "frame": None}


def consenting_people() -> QuerySet[Person]:
    """People whose most recent tracing consent is given; nobody else is ever proposed."""
    latest = (Consent.objects.filter(person=OuterRef("pk"), purpose=ConsentPurpose.TRACING)
              .order_by("-recorded_on", "-id").values("given")[:1])
    return Person.objects.annotate(tracing_consent=Subquery(latest)).filter(tracing_consent=True)


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
    people = consenting_people()
    facts = Person.objects.filter(pk__in=people.values("pk")).aggregate(
        n=Count("id"), last=Max("updated_at"))
    consents = Consent.objects.filter(purpose=ConsentPurpose.TRACING).aggregate(
        n=Count("id"), last=Max("id"))
    return (facts["n"], facts["last"], consents["n"], consents["last"])


def _build_frame() -> pd.DataFrame:
    people = (consenting_people().select_related("place_of_origin", "household")
              .prefetch_related("phones").order_by("id"))
    rows = [person_record(
        p, phone=next(iter(p.phones.all()), None).number if p.phones.all() else "",
        place=p.place_of_origin.name if p.place_of_origin_id else "",
        address=p.household.address if p.household_id else "") for p in people]
    return pd.DataFrame(rows, columns=list(COLUMNS)).fillna("")


def registry_frame() -> pd.DataFrame:
    key = _registry_key()
    with _lock:
        if _cache["key"] != key or _cache["frame"] is None:
            _cache["frame"], _cache["key"] = _build_frame(), key
        return _cache["frame"]


def search(sought_people) -> pd.DataFrame:
    """request_id ("s<pk>"), record_id (person pk as text), rank, match_probability."""
    registry = registry_frame()
    if registry.empty or not sought_people:
        return pd.DataFrame(columns=linkage.RESULT_COLUMNS)
    requests = pd.DataFrame([sought_record(s) for s in sought_people], columns=list(COLUMNS))
    return linkage.search(registry, requests, top=TOP, model=MODEL)


def explain(person: Person, sought) -> linkage.PairExplanation:
    phone = person.phones.values_list("number", flat=True).first() or ""
    left = person_record(person, phone=phone,
                         place=person.place_of_origin.name if person.place_of_origin_id else "",
                         address=person.household.address if person.household_id else "")
    return linkage.explain(left, sought_record(sought), model=MODEL)
