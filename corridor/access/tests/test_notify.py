"""E-mail of what waits (issue 18, item 11): sent when something new arrives in a user's work
queue, counts only, in the user's language, once per arrival; nothing without an SMTP server."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from corridor.access import notify
from corridor.cases import services as case_services
from corridor.cases.tests.conftest import make_project, move
from corridor.registry.tests.factories import PersonFactory
from corridor.tasks.models import BackgroundTask, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://corridor.example.org"
    return mail.outbox


@pytest.fixture
def second_worker(org):
    from conftest import make_user
    from corridor.access.roles import Role

    user = make_user("case_worker_a2", Role.CASE_WORKER, org.country_a)
    user.email = "a2@example.org"
    user.save()
    return user


def _assess_a_case(org, cast):
    worker = cast["case_worker"]
    person = PersonFactory(office=org.country_a, given_name="Amina", family_name="Diallo")
    case = case_services.case_open(actor=worker, project=make_project(org.country_a),
                                   kind="voluntary_return", person=person)
    return move(case, worker, "assessed")


def test_a_case_to_approve_is_mailed_once_with_counts_only(org, cast, second_worker, mailbox):
    _assess_a_case(org, cast)
    assert notify.send_digests().sent == 1
    (message,) = mailbox
    assert message.to == ["a2@example.org"]
    assert "Cases waiting for approval: 1" in message.body
    assert "https://corridor.example.org/home/" in message.body
    assert "Diallo" not in message.body and "Amina" not in message.body
    assert "CASE-" not in message.body  # no record is named either
    assert notify.send_digests().sent == 0  # nothing new since: no second e-mail
    later = timezone.now() + timezone.timedelta(minutes=1)
    BackgroundTask.objects.create(kind="registry.import", requested_by=second_worker,
                                  status=TaskStatus.FAILED, finished_at=later)
    assert notify.send_digests(now=later).sent == 1
    assert "Background tasks failed: 1" in mailbox[1].body
    assert "Also waiting:" in mailbox[1].body  # the case still waits, not new


def test_the_mail_is_in_the_language_the_user_chose(org, cast, second_worker, mailbox,
                                                     client_for):
    client = client_for(second_worker)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/home/"})
    second_worker.refresh_from_db()
    assert second_worker.language == "fr"
    _assess_a_case(org, cast)
    notify.send_digests()
    assert "Bonjour" in mailbox[0].body and "nouvel élément" in mailbox[0].subject
    assert "Cases waiting" not in mailbox[0].body  # the queue's labels are in French too


def test_no_address_no_mail_and_no_server_no_mail(org, cast, settings, mailbox):
    _assess_a_case(org, cast)  # waits for every other case worker of the office: none has an address
    assert notify.send_digests().sent == 0 and not mailbox
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    out = io.StringIO()
    call_command("corridor_notify", stdout=out)
    assert "nothing sent" in out.getvalue()
