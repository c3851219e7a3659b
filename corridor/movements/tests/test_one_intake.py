"""One way in (issue 13): the same person registered through the person page, the API, the
household page, a spreadsheet import and an evacuation list ends in the same records (fields,
name keys, document, consent) and the same audit events, and each path queues the duplicate
check. Here because the evacuation list is the movements' own path; the other four are the
registry's."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import enrolled
from corridor.access.services import token_create
from corridor.core.models import AuditEvent
from corridor.deduplication.models import RegistrationCheck
from corridor.movements import services
from corridor.registry import documents
from corridor.registry.imports import services as imports
from corridor.registry.models import Person

PERSON = {"given_name": "Amina", "family_name": "Haddad", "original_script_name": "أمينة حداد",
          "sex": "female", "birth_date": "1991-05-06", "birth_date_precision": "exact",
          "nationality": "SYR", "category": "refugee"}
FIELDS = ["given_name", "family_name", "original_script_name", "sex", "birth_date",
          "birth_date_precision", "nationality", "category", "aliases", "languages",
          "vulnerabilities", "place_of_origin_id", "merged_into_id"]


def _by_form(client, office) -> None:
    response = client.post("/people/new/", {
        **PERSON, "office": office.pk, "document_kind": "passport",
        "document_number": "P1000001", "consent_assistance": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]


def _by_api(worker, office) -> None:
    _, secret = token_create(actor=enrolled(worker), name="t", scopes=["registry:write"])
    response = Client().post("/api/v1/people", {
        **PERSON, "office_id": office.pk,
        "documents": [{"kind": "passport", "number": "P1000002"}],
        "consents": [{"purpose": "assistance", "given": True},
                     {"purpose": "tracing", "given": False}]},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 201, response.content


def _by_household_page(client, office) -> None:
    data = {"office": office.pk, "address": "", "member-TOTAL_FORMS": "1",
            "member-INITIAL_FORMS": "0", "member-MIN_NUM_FORMS": "0",
            "member-MAX_NUM_FORMS": "20", "member-0-relation_to_head": "head",
            "member-0-document_kind": "passport", "member-0-document_number": "P1000003",
            "member-0-consent_assistance": "on"}
    data.update({f"member-0-{name}": value for name, value in PERSON.items()})
    response = client.post("/people/households/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _by_import(worker, office) -> None:
    header = ["household_ref", "relation_to_head", *PERSON, "document_kind", "document_number",
              "consent_assistance", "consent_tracing"]
    row = ["H1", "head", *PERSON.values(), "passport", "P1000004", "yes", "no"]
    text = ",".join(header) + "\n" + ",".join(row) + "\n"
    report = imports.people_import(actor=worker, office=office, kind="spreadsheet",
                                   upload=SimpleUploadedFile("people.csv", text.encode()),
                                   dry_run=False)
    assert report.status == "imported", report.problems


def _by_evacuation_list(officer, operation, leg) -> None:
    expires = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    header = [*PERSON, "document_kind", "document_number", "document_expires_on",
              "consent_assistance", "consent_tracing", "fit_to_travel"]
    row = [*PERSON.values(), "passport", "P1000005", expires, "yes", "no", "yes"]
    services.evacuation_book(actor=officer, operation=operation, legs=[leg],
                             text=",".join(header) + "\n" + ",".join(row) + "\n")


def _record(person: Person) -> dict:
    """What the registry holds of the person, without what differs by nature between the paths
    (the document number itself, the household a household path makes)."""
    document = person.documents.get()
    return {
        "fields": {name: getattr(person, name) for name in FIELDS},
        "office": person.office_id,
        "name_keys": sorted(person.name_keys.values_list("key", flat=True)),
        "document": (document.kind, document.issuing_country,
                     document.number_digest == documents.digest(documents.decrypt(
                         document.number_encrypted))),
        "consents": sorted(person.consents.values_list("purpose", "given", "recorded_on")),
        "phones": list(person.phones.values_list("number", flat=True)),
    }


def test_the_same_registration_by_each_path_ends_in_the_same_records_and_events(
        org, cast, client_for, officer, operation, leg, django_capture_on_commit_callbacks):
    worker, office = cast["case_worker"], org.country_a
    with django_capture_on_commit_callbacks(execute=True):
        _by_form(client_for(worker), office)
        _by_api(worker, office)
        _by_household_page(client_for(worker), office)
        _by_import(worker, office)
        _by_evacuation_list(officer, operation, leg)
    people = list(Person.objects.filter(given_name="Amina", family_name="Haddad")
                  .order_by("pk"))
    assert len(people) == 5
    actors = [worker, worker, worker, worker, officer]
    records = [_record(person) for person in people]
    for index, record in enumerate(records):
        differing = {k: (v, records[0][k]) for k, v in record.items() if v != records[0][k]}
        assert not differing, (index, differing)
    assert records[0]["fields"]["birth_date"] == dt.date(1991, 5, 6)
    # The pages ask both questions: an unticked box is a refusal, written by the others as "no".
    assert records[0]["consents"] == [("assistance", True, timezone.localdate()),
                                      ("tracing", False, timezone.localdate())]
    # One create event each, written alike, naming who registered the person.
    for person, actor in zip(people, actors, strict=True):
        created = AuditEvent.objects.filter(object_type="registry.person",
                                            object_id=str(person.pk), action="create")
        assert created.count() == 1
        event = created.get()
        assert (event.actor_id, event.office_id, event.changes) == (actor.pk, office.pk, {})
    # A household path writes its household's event too.
    for person in people[2:4]:
        assert AuditEvent.objects.filter(object_type="registry.household", action="create",
                                         object_id=str(person.household_id)).count() == 1
    # Every path queued the duplicate check, in the name of who registered the person.
    checks = dict(RegistrationCheck.objects.filter(person__in=people)
                  .values_list("person_id", "requested_by_id"))
    assert checks == {person.pk: actor.pk for person, actor in zip(people, actors, strict=True)}
