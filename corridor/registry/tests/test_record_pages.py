"""Documents with their expiry, and consents after registration, from the pages (issue 18 item 7):
what the movement planner needs of people registered through the pages."""

from __future__ import annotations

import datetime as dt

from corridor.core.models import AuditEvent
from corridor.registry.models import Consent, IdentityDocument, Person
from corridor.registry.tests.factories import PersonFactory

PERSON = {"given_name": "Amina", "family_name": "Haddad", "sex": "female",
          "birth_date": "1991-05-06", "birth_date_precision": "exact", "nationality": "SYR",
          "category": "refugee"}
# A fixed day far from any test run: nothing here depends on today.
EXPIRES = dt.date(2031, 8, 31)


def test_the_person_form_records_a_passport_with_its_issuer_and_expiry(org, cast, client_for):
    client = client_for(cast["case_worker"])
    response = client.post("/people/new/", {
        **PERSON, "office": org.country_a.pk, "document_kind": "passport",
        "document_number": "N 7654321", "document_issuing_country": "syr",
        "document_expires_on": EXPIRES.isoformat()})
    assert response.status_code == 302, response.content.decode()[:1500]
    document = IdentityDocument.objects.get(person__given_name="Amina")
    assert (document.issuing_country, document.expires_on) == ("SYR", EXPIRES)
    page = client.get(response["Location"]).content.decode()
    assert "SYR" in page and "expires on" in page


def test_the_household_form_records_each_members_document_expiry(org, cast, client_for):
    client = client_for(cast["case_worker"])
    data = {"office": org.country_a.pk, "address": "", "member-TOTAL_FORMS": "1",
            "member-INITIAL_FORMS": "0", "member-MIN_NUM_FORMS": "0",
            "member-MAX_NUM_FORMS": "20", "member-0-relation_to_head": "head",
            "member-0-document_kind": "passport", "member-0-document_number": "P1000003",
            "member-0-document_expires_on": EXPIRES.isoformat()}
    data.update({f"member-0-{name}": value for name, value in PERSON.items()})
    response = client.post("/people/households/new/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert IdentityDocument.objects.get().expires_on == EXPIRES


def test_a_document_is_added_from_the_persons_page_and_audited_without_its_number(
        org, cast, client_for):
    person = PersonFactory(office=org.country_a)
    client = client_for(cast["case_worker"])
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f"/people/{person.pk}/documents/new/" in page
    assert client.get(f"/people/{person.pk}/documents/new/").status_code == 200
    response = client.post(f"/people/{person.pk}/documents/new/", {
        "document_kind": "passport", "document_number": "RA 0011223",
        "document_issuing_country": "SYR", "document_expires_on": EXPIRES.isoformat()})
    assert response.status_code == 302
    document = person.documents.get()
    assert document.number == "RA 0011223" and document.expires_on == EXPIRES
    event = AuditEvent.objects.get(object_type="registry.identitydocument",
                                   object_id=str(document.pk))
    assert "RA 0011223" not in event.summary and "0011223" not in str(event.changes)


def test_a_bad_document_is_refused_naming_the_field_and_nothing_is_written(
        org, cast, client_for):
    person = PersonFactory(office=org.country_a)
    client = client_for(cast["case_worker"])
    response = client.post(f"/people/{person.pk}/documents/new/", {
        "document_kind": "passport", "document_number": "RA 0011223",
        "document_issuing_country": "XXX", "document_expires_on": "2031-02-30"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "document_expires_on" in errors
    assert "unknown country code" in errors["document_issuing_country"][0]
    assert not person.documents.exists()


def test_a_consent_is_withdrawn_later_and_the_history_is_kept(org, cast, client_for):
    person = PersonFactory(office=org.country_a)
    Consent.objects.create(person=person, purpose="tracing", given=True,
                           recorded_on=dt.date(2020, 1, 10))
    client = client_for(cast["case_worker"])
    assert f"/people/{person.pk}/consents/new/" in client.get(f"/people/{person.pk}/").content.decode()
    response = client.post(f"/people/{person.pk}/consents/new/", {
        "purpose": "tracing", "given": "no", "recorded_on": "2021-02-03"})
    assert response.status_code == 302
    assert list(person.consents.values_list("given", "recorded_on")) == [
        (False, dt.date(2021, 2, 3)), (True, dt.date(2020, 1, 10))]
    # Sharing names its partner.
    response = client.post(f"/people/{person.pk}/consents/new/", {
        "purpose": "sharing", "given": "yes", "recorded_on": "2021-02-03"})
    assert response.status_code == 200 and "partner" in response.context["form"].errors
    assert person.consents.count() == 2


def test_the_pages_are_absent_for_a_person_out_of_scope_and_for_readers(org, cast, client_for):
    person = PersonFactory(office=org.country_b)
    outsider = client_for(cast["case_worker"])
    for path in (f"/people/{person.pk}/documents/new/", f"/people/{person.pk}/consents/new/"):
        assert outsider.get(path).status_code == 404
        assert outsider.post(path, {"document_kind": "passport", "document_number": "X1",
                                    "purpose": "tracing", "given": "no",
                                    "recorded_on": "2021-02-03"}).status_code == 404
    assert not Person.objects.get(pk=person.pk).documents.exists()
    assert not Person.objects.get(pk=person.pk).consents.exists()
