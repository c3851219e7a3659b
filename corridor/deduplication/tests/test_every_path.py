"""Every way a person is registered queues the duplicate check: the registry announces the new
people after commit, and deduplication (which the registry never imports) listens."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.test import Client

from conftest import enrolled
from corridor.access.services import token_create
from corridor.deduplication.models import RegistrationCheck
from corridor.registry import services
from corridor.registry.models import Person


def _pending(names) -> set[str]:
    return set(RegistrationCheck.objects.filter(checked_at__isnull=True,
                                                person__given_name__in=names)
               .values_list("person__given_name", flat=True))


def test_a_registration_made_by_the_service_the_api_or_a_household_queues_its_check(
        org, cast, django_capture_on_commit_callbacks):
    worker = cast["case_worker"]
    with django_capture_on_commit_callbacks(execute=True):
        services.person_register(actor=worker, office=org.country_a, given_name="Service",
                                 family_name="Path", sex="female", birth_date=dt.date(1990, 1, 2),
                                 category="refugee")
        services.household_register(actor=worker, office=org.country_a, members=[
            services.PersonInput({"given_name": "Head", "family_name": "Path", "sex": "male",
                                  "relation_to_head": "head", "category": "refugee"}),
            services.PersonInput({"given_name": "Child", "family_name": "Path", "sex": "female",
                                  "relation_to_head": "child", "category": "refugee"})])
    assert _pending(["Service", "Head", "Child"]) == {"Service", "Head", "Child"}

    _, secret = token_create(actor=enrolled(worker), name="t", scopes=["registry:write"])
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/people", {
            "office_id": org.country_a.pk, "given_name": "Api", "family_name": "Path",
            "sex": "male", "category": "refugee"}, content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 201, response.content
    assert _pending(["Api"]) == {"Api"}
    person = Person.objects.get(given_name="Api")
    assert RegistrationCheck.objects.get(person=person).requested_by == worker


def test_a_registration_rolled_back_queues_nothing(org, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.person_register(actor=cast["case_worker"], office=org.country_a,
                                         given_name="Rolled", family_name="Back", sex="male",
                                         category="refugee")
                # Announced after commit, not at once: nothing is queued inside the transaction.
                assert not RegistrationCheck.objects.filter(person__given_name="Rolled").exists()
                raise RuntimeError("the rest of the transaction failed")
        except RuntimeError:
            pass
    assert not RegistrationCheck.objects.filter(person__given_name="Rolled").exists()


def test_queueing_more_people_than_one_statement_binds_works_in_slices(org, cast):
    from corridor.deduplication import checks
    from corridor.registry.tests.factories import PersonFactory

    people = [PersonFactory(office=org.country_a) for _ in range(checks.CHUNK + 3)]
    ids = [p.pk for p in people]
    RegistrationCheck.objects.create(person=people[0], checked_at="2020-01-01T00:00:00Z")
    assert checks.queue(actor=cast["case_worker"], person_ids=ids) == len(ids)
    pending = RegistrationCheck.objects.filter(checked_at__isnull=True, person_id__in=ids)
    assert pending.count() == len(ids)  # the one checked before is asked again, not doubled


def test_an_import_queues_a_check_for_every_person_it_registered(
        org, cast, django_capture_on_commit_callbacks):
    from corridor.registry.imports import services as import_services
    from corridor.registry.imports.tests.conftest import kobo_xlsx, upload

    with django_capture_on_commit_callbacks(execute=True):
        report = import_services.people_import(
            actor=cast["case_worker"], office=org.country_a, upload=upload("k.xlsx", kobo_xlsx()),
            kind="field_export", dry_run=False)
    imported = set(Person.objects.filter(household__office=org.country_a)
                   .values_list("given_name", flat=True))
    assert report.people == 3 and _pending(imported) == imported
