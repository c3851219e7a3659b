"""Logged exceptions keep their type and where they happened, never their message, which may
quote a record's values."""

from __future__ import annotations

import io
import logging
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from corridor.registry.models import Person
from corridor.registry.tests.factories import PersonFactory


@contextmanager
def console_output():
    """What the configured console handler (with its filter) writes, while inside."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="corridor.core.tests.failing_urls")
def test_a_failing_request_logs_the_error_type_and_not_the_record(org):
    person = PersonFactory(office=org.country_a, given_name="Zeynepsecret")
    with console_output() as out:
        response = Client(raise_request_exception=False).get(f"/failing/{person.pk}/")
    assert response.status_code == 500
    text = out.getvalue()
    assert "django.core.exceptions.ValidationError (message withheld" in text
    assert "failing_urls.py" in text  # where it happened is kept
    assert "Zeynepsecret" not in text


@pytest.mark.django_db
def test_a_logged_exception_and_its_cause_lose_their_messages(org):
    person = PersonFactory(office=org.country_a, given_name="Aylinsecret")
    person.birth_date = "Aylinsecret-31"
    log = logging.getLogger("corridor.jobs")
    with console_output() as out:
        try:
            try:
                person.full_clean()
            except ValidationError as exc:
                raise RuntimeError(f"import of {person.given_name} failed") from exc
        except RuntimeError as exc:
            log.exception("job for person %s failed", person.pk)
            log.error("job for person %s failed: %s", person.pk, exc)
    text = out.getvalue()
    assert f"job for person {person.pk} failed" in text
    assert "ValidationError (message withheld" in text and "RuntimeError" in text
    assert "Aylinsecret" not in text
    assert Person.objects.filter(pk=person.pk, given_name="Aylinsecret").exists()
