"""Document keys: required in production, rotated with MultiFernet, re-encrypted by a command;
a number no key opens shows a placeholder (never a server error) and is logged without its value."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from corridor.core.models import AuditEvent
from corridor.registry import documents, services
from corridor.registry.models import IdentityDocument

ROOT = Path(settings.BASE_DIR)
OLD_KEY, NEW_KEY, STRANGER_KEY = (Fernet.generate_key().decode() for _ in range(3))


def run(args: list[str], **env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in env_overrides}
    env.update({k: v for k, v in env_overrides.items() if v is not None})
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


PRODUCTION = {"DEBUG": "false", "SECURE_SSL_REDIRECT": None, "SESSION_COOKIE_SECURE": None,
              "CSRF_COOKIE_SECURE": None, "ALLOWED_HOSTS": "corridor.example.org",
              "SECRET_KEY": "a-long-random-production-secret-" + "q7Zp" * 10}


def test_production_without_document_keys_fails_the_deployment_check():
    result = run(["manage.py", "check", "--deploy"], **PRODUCTION,
                 DOCUMENT_ENCRYPTION_KEYS=None, DOCUMENT_HASH_KEY=None)
    assert result.returncode != 0
    assert "registry.E001" in result.stderr and "DOCUMENT_ENCRYPTION_KEYS is not set" in result.stderr
    assert "registry.E002" in result.stderr


def test_a_production_server_refuses_to_start_without_document_keys():
    result = run(["-c", "import config.wsgi"], **PRODUCTION, DOCUMENT_ENCRYPTION_KEYS=None,
                 DOCUMENT_HASH_KEY=None)
    assert result.returncode != 0
    assert "DOCUMENT_ENCRYPTION_KEYS and DOCUMENT_HASH_KEY must be set when DEBUG is off" \
        in result.stderr


def test_a_malformed_key_stops_start_up_naming_its_variable_not_its_value():
    result = run(["-c", "import django; django.setup()"],
                 DOCUMENT_ENCRYPTION_KEYS=f"{NEW_KEY},not-a-key-at-all")
    assert result.returncode != 0
    assert "DOCUMENT_ENCRYPTION_KEYS: key 2 is not a Fernet key" in result.stderr
    assert "not-a-key-at-all" not in result.stderr


def test_keys_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "keys"
    key_file.write_text(f"{NEW_KEY}\n{OLD_KEY}\n")
    result = run(["-c", "import django; django.setup(); from django.conf import settings; "
                  "print(','.join(settings.DOCUMENT_ENCRYPTION_KEYS))"],
                 DOCUMENT_ENCRYPTION_KEYS=None, DOCUMENT_ENCRYPTION_KEYS_FILE=str(key_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{NEW_KEY},{OLD_KEY}"


def test_the_demo_works_without_any_key():
    code = ("import django; django.setup(); from corridor.registry import documents; "
            "print(documents.decrypt(documents.encrypt('N 1234')), bool(documents.digest('x')))")
    result = run(["-c", code], DEBUG="true", DOCUMENT_ENCRYPTION_KEYS=None,
                 DOCUMENT_HASH_KEY=None, DOCUMENT_ENCRYPTION_KEY=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "N 1234 True"


def _register(org, cast, number: str):
    return services.person_register(
        actor=cast["case_worker"], office=org.country_a, given_name="Amina", category="idp",
        documents=[services.DocumentInput(kind="passport", number=number)])


def _stored_token() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT number_encrypted FROM registry_identitydocument")
        return cursor.fetchone()[0]


def test_a_number_no_key_opens_shows_a_placeholder_and_is_logged_without_its_value(
        org, cast, client_for, caplog):
    person = _register(org, cast, "N-5550123")
    document = IdentityDocument.objects.get(person=person)
    token = Fernet(STRANGER_KEY.encode()).encrypt(b"N-5550123").decode()
    IdentityDocument.objects.filter(pk=document.pk).update(number_encrypted=token)
    client = client_for(cast["case_worker"])
    with caplog.at_level(logging.WARNING, logger="corridor.registry.documents"):
        page = client.get(f"/people/{person.pk}/")
        api = client.get(f"/api/v1/people/{person.pk}")
    assert page.status_code == 200 and api.status_code == 200
    assert documents.unreadable_placeholder() in page.content.decode()
    assert api.json()["documents"][0]["number"] == documents.unreadable_placeholder()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"registry.identitydocument {document.pk}" in logged
    assert "5550123" not in logged and token not in logged


def test_keys_rotate_and_the_command_re_encrypts_every_number_once(org, cast, client_for):
    client = client_for(cast["case_worker"])
    with override_settings(DOCUMENT_ENCRYPTION_KEYS=[OLD_KEY]):
        person = _register(org, cast, "N-7770001")
        old_token = _stored_token()
    with override_settings(DOCUMENT_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        # Before re-encryption the old key still opens the stored number.
        assert client.get(f"/api/v1/people/{person.pk}").json()["documents"][0]["number"] \
            == "N-7770001"
        call_command("corridor_reencrypt_documents", "--batch-size", "1", stdout=(out := io.StringIO()))
        assert "registry.identitydocument.number_encrypted: 1 re-encrypted, 0 re-hashed, " \
               "0 already current, 0 unreadable" in out.getvalue()
        new_token = _stored_token()
        assert new_token != old_token
        assert Fernet(NEW_KEY.encode()).decrypt(new_token.encode()) == b"N-7770001"
        assert AuditEvent.objects.filter(object_type="registry.identitydocument",
                                         summary__startswith="Re-encrypted 1").count() == 1
        call_command("corridor_reencrypt_documents", stdout=(again := io.StringIO()))
        assert "0 re-encrypted, 0 re-hashed, 1 already current" in again.getvalue()
        assert _stored_token() == new_token
    with override_settings(DOCUMENT_ENCRYPTION_KEYS=[NEW_KEY]):  # the old key is retired
        assert client.get(f"/api/v1/people/{person.pk}").json()["documents"][0]["number"] \
            == "N-7770001"


def test_a_deployment_that_derived_its_keys_moves_to_its_own(org, cast, client_for):
    with override_settings(DEBUG=True, DOCUMENT_ENCRYPTION_KEYS=[], DOCUMENT_HASH_KEY=""):
        person = _register(org, cast, "N-6660003")
        derived = documents.derived_encryption_key()
    new_hash_key = "a-new-document-hash-key-of-this-deployment-" + "x" * 10
    with override_settings(DOCUMENT_ENCRYPTION_KEYS=[NEW_KEY, derived],
                           DOCUMENT_HASH_KEY=new_hash_key):
        call_command("corridor_reencrypt_documents", stdout=(out := io.StringIO()))
        assert "1 re-encrypted, 1 re-hashed, 0 already current, 0 unreadable" in out.getvalue()
    with override_settings(DOCUMENT_ENCRYPTION_KEYS=[NEW_KEY], DOCUMENT_HASH_KEY=new_hash_key):
        client = client_for(cast["case_worker"])
        found = client.get("/api/v1/people", {"document_number": "n 6660003"}).json()["items"]
        assert [p["id"] for p in found] == [person.pk]
        assert client.get(f"/api/v1/people/{person.pk}").json()["documents"][0]["number"] \
            == "N-6660003"


def test_the_command_counts_unopenable_numbers_and_ends_non_zero(org, cast, caplog):
    with override_settings(DOCUMENT_ENCRYPTION_KEYS=[STRANGER_KEY]):
        _register(org, cast, "N-8880002")
    with override_settings(DOCUMENT_ENCRYPTION_KEYS=[NEW_KEY]), \
            caplog.at_level(logging.WARNING), pytest.raises(CommandError, match="1 document"):
        call_command("corridor_reencrypt_documents", stdout=io.StringIO())
    assert "8880002" not in caplog.text
