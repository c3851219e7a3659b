"""Reads for imports and exports, scoped through the registry's policy: exact duplicates among
people the user may see, and the export of people in the user's export scope (audited)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from corridor.access.policies import has_permission, offices_for
from corridor.core.audit import audit_exported
from corridor.core.errors import PermissionDenied
from corridor.registry import documents, policies
from corridor.registry import selectors as registry_selectors
from corridor.registry.models import IdentityDocument, Person, Phone
from corridor.registry.phones import to_e164

CHUNK = 500


def _scope_countries(user) -> set[str]:
    return set(offices_for(user, "registry.view").values_list("country", flat=True))


def duplicates_for_input(*, user, phones: Iterable[str] = (),
                         document_numbers: Iterable[str] = ()) -> list[Person]:
    """People in the user's scope with one of these document numbers (exact, by keyed hash) or
    phone numbers (E.164, read in any country of the user's scope when they have no +prefix).

    For the person form and API: call it before registering to warn of exact duplicates."""
    digests = {documents.digest(n) for n in document_numbers if documents.normalise_number(n)}
    numbers: set[str] = set()
    countries = _scope_countries(user) if phones else set()
    for raw in phones:
        if not raw or not raw.strip():
            continue
        numbers.update(n for n in (to_e164(raw), *(to_e164(raw, country_iso3=c)
                                                   for c in countries)) if n)
    if not digests and not numbers:
        return []
    return list(policies.visible_to(user)
                .filter(Q(documents__number_digest__in=digests) | Q(phones__number__in=numbers))
                .select_related("office").distinct().order_by("pk"))


def flag_existing_duplicates(*, user, members) -> None:
    """Add to each planned member's `flags` the people in scope sharing its document or phone:
    'same document as person #123 in CO-JOR'. Chunked: a constant number of queries per 500."""
    visible = policies.visible_to(user)
    by_digest: dict[str, list] = {}
    for member in members:
        if member.document_digest:
            by_digest.setdefault(member.document_digest, []).append(member)
    digests = list(by_digest)
    for start in range(0, len(digests), CHUNK):
        found = (IdentityDocument.objects.filter(number_digest__in=digests[start:start + CHUNK],
                                                 person__in=visible)
                 .values_list("number_digest", "person_id", "person__office__code"))
        for digest, person_id, office in found:
            for member in by_digest[digest]:
                member.flags.append(f"same document as person #{person_id} in {office}")
    phones = sorted({m.phone for m in members if m.phone})
    by_phone: dict[str, list] = {}
    for member in members:
        if member.phone:
            by_phone.setdefault(member.phone, []).append(member)
    for start in range(0, len(phones), CHUNK):
        found = (Phone.objects.filter(number__in=phones[start:start + CHUNK], person__in=visible)
                 .values_list("number", "person_id", "person__office__code"))
        for number, person_id, office in found:
            for member in by_phone.get(number, []):
                member.flags.append(f"same phone as person #{person_id} in {office}")


@dataclass(frozen=True)
class ExportFilters:
    query: str = ""
    office_id: int | None = None
    category: str = ""
    nationality: str = ""
    sex: str = ""


EXPORT_COLUMNS = [
    "person_id", "office", "household", "relation_to_head", "given_name", "family_name",
    "original_script_name", "sex", "birth_date", "birth_date_precision", "nationality",
    "place_of_origin", "category", "vulnerabilities", "languages", "phone", "document_kind",
    "consent_assistance", "consent_tracing",
]


def people_for_export(*, user, filters: ExportFilters, file_format: str) -> QuerySet[Person]:
    """People in the user's export scope matching `filters`; the export is audited (one event
    naming every person exported, their offices, the format and the filters). Document
    numbers are never exported."""
    if not has_permission(user, "registry.export"):
        raise PermissionDenied("Your role does not include exporting people's records.")
    people = (registry_selectors.person_list(
        user=user, query=filters.query, office_id=filters.office_id, category=filters.category,
        nationality=filters.nationality, sex=filters.sex)
        .filter(office__in=offices_for(user, "registry.export"))
        .select_related("office", "household", "place_of_origin")
        .prefetch_related(Prefetch("phones", queryset=Phone.objects.order_by("id")),
                          "documents", "consents")
        .order_by("office__code", "household_id", "id"))
    exported = list(people.values_list("pk", "office_id"))
    used = {k: v for k, v in filters.__dict__.items() if v not in ("", None)}
    audit_exported(actor=user, object_type="registry.person", ids=[pk for pk, _o in exported],
                   what="people", offices=[office for _pk, office in exported],
                   summary=f"Exported {len(exported)} people as {file_format}",
                   details={"format": file_format, "filters": sorted(used)})
    return people


def export_row(person: Person) -> list[object]:
    phones = list(person.phones.all())
    docs = list(person.documents.all())
    consents: dict[str, bool] = {}
    for consent in sorted(person.consents.all(), key=lambda c: (c.recorded_on, c.pk)):
        consents[consent.purpose] = consent.given  # the latest answer wins

    def answer(purpose: str) -> str:
        return {True: "yes", False: "no"}.get(consents.get(purpose), "")

    return [
        person.pk, person.office.code, person.household.reference if person.household else "",
        person.relation_to_head, person.given_name, person.family_name,
        person.original_script_name, person.sex,
        person.birth_date.isoformat() if person.birth_date else "", person.birth_date_precision,
        person.nationality, person.place_of_origin.pcode if person.place_of_origin else "",
        person.category, " ".join(person.vulnerabilities or []), " ".join(person.languages or []),
        phones[0].number if phones else "", docs[0].kind if docs else "",
        answer("assistance"), answer("tracing"),
    ]


def batch_get_for_user(*, user, batch_id: int):
    """An import batch of an office in the user's import scope, else NotFound."""
    from corridor.core.fetch import get_in_scope
    from corridor.fielddata.models import ImportBatch

    return get_in_scope(ImportBatch.objects.filter(office__in=offices_for(user, "registry.import"))
                        .select_related("office", "imported_by"), batch_id, "No such import")
