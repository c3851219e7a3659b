"""The audit trail: every write and every view of personal data; append-only, even in SQL."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction

from corridor.core.audit import audit_listed, audit_record, diff_fields
from corridor.core.models import AuditEvent
from corridor.registry.tests.factories import PersonFactory


def test_the_model_refuses_to_change_or_delete_an_event(db):
    event = audit_record(actor=None, action="update", object_type="x", summary="s")
    event.summary = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.parametrize("statement", [
    "UPDATE core_auditevent SET summary = 'rewritten'",
    "DELETE FROM core_auditevent",
])
def test_the_database_refuses_too(db, statement):
    audit_record(actor=None, action="update", object_type="x", summary="original")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.get().summary == "original"


def test_personal_fields_are_named_but_their_values_are_not_kept():
    changes = diff_fields({"given_name": "Amina", "category": "idp"},
                          {"given_name": "Aminah", "category": "refugee"},
                          personal={"given_name"})
    assert changes == {"given_name": "changed", "category": ["idp", "refugee"]}


def test_a_page_of_a_list_is_one_view_event_and_an_empty_page_none(db):
    assert audit_listed(actor=None, object_type="registry.person", ids=[],
                        filters={"q": "Haddad"}, what="people") is None
    assert not AuditEvent.objects.exists()
    event = audit_listed(actor=None, object_type="registry.person", ids=[7, 3],
                         filters={"q": "Haddad", "office_id": 4, "sex": "", "mine": False,
                                  "household_id": None}, what="people")
    assert (event.action, event.object_type, event.summary) == (
        "view", "registry.person", "Listed 2 people")
    # A searched name is personal: the filter is named, its value not kept (ADR 0003).
    assert event.changes == {"people": [7, 3], "filters": {"q": "given", "office_id": "4"}}
    assert "Haddad" not in str(event.changes)


def test_viewing_a_person_is_audited_with_who_and_from_where(org, cast, client_for):
    person = PersonFactory(office=org.country_a)
    client_for(cast["case_worker"]).get(f"/people/{person.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="view")
    assert event.actor == cast["case_worker"]
    assert (event.object_type, event.object_id) == ("registry.person", str(person.pk))
    assert (event.ip_address, event.via, event.office_id) == ("10.1.2.3", "page", org.country_a.pk)


def test_an_edit_is_audited_in_the_same_transaction(org, cast, client_for):
    person = PersonFactory(office=org.country_a, given_name="Amina")
    client = client_for(cast["case_worker"])
    response = client.patch(f"/api/v1/people/{person.pk}", {"version": 1, "given_name": "Aminah"},
                            content_type="application/json")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="update", object_type="registry.person")
    assert event.changes == {"given_name": "changed"} and event.via == "api"
    assert "Amina" not in str(event.changes)


def test_administrators_filter_and_export_the_trail(org, cast, client_for):
    audit_record(actor=cast["case_worker"], action="update", object_type="registry.person",
                 office_id=org.country_a.pk, summary="=cmd|' /C calc'!A0")
    audit_record(actor=cast["movement_officer"], action="view", object_type="registry.person",
                 office_id=org.country_a.pk, summary="viewed")
    client = client_for(cast["administrator"])
    page = client.get("/audit/", {"actor": "movement"}).content.decode()
    assert "viewed" in page and "/C calc" not in page
    response = client.get("/audit/", {"action": "update", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["summary"] for r in rows] == ["'=cmd|' /C calc'!A0"]  # formula neutralised
    assert AuditEvent.objects.filter(action="export", actor=cast["administrator"]).exists()


def test_the_record_type_filter_offers_a_list_and_matches_exactly(org, cast, client_for):
    audit_record(actor=cast["case_worker"], action="update", object_type="cases.case",
                 office_id=org.country_a.pk, summary="the case itself")
    audit_record(actor=cast["case_worker"], action="update", object_type="cases.casetransfer",
                 office_id=org.country_a.pk, summary="its transfer")
    client = client_for(cast["administrator"])
    page = client.get("/audit/").content.decode()
    assert '<select name="object_type"' in page
    assert '<option value="registry.person">Person (registry.person)</option>' in page
    assert '<option value="corridor.backup">Backup (corridor.backup)</option>' in page
    filtered = client.get("/audit/", {"object_type": "cases.case"}).content.decode()
    assert "the case itself" in filtered and "its transfer" not in filtered
    client.cookies["corridor_language"] = "fr"
    assert '<option value="registry.person">Personne (registry.person)</option>' in \
        client.get("/audit/").content.decode()
