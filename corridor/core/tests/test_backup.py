"""Backup and restore (corridor_backup, corridor_restore): a round trip through a real file database
(SQLite) or a scratch database (PostgreSQL) in child processes, and the restore's refusals."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from corridor.core import backup
from corridor.core.models import AuditEvent
from corridor.core.tests.scratch_databases import pg_admin, pg_settings, pg_url

ROOT = Path(settings.BASE_DIR)


# -- scratch databases: a copy of the migrated test database; each vendor's round trip runs in
# that vendor's suite (make test runs both side by side) -------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def scratch(request, transactional_db, tmp_path):
    """(environment for child processes, a function that destroys the database and the files)."""
    vendor = request.param
    env = dict(os.environ, MEDIA_ROOT=str(tmp_path / "media"), FLOWS_STORE=str(tmp_path / "flows.duckdb"),
               DOCUMENT_ENCRYPTION_KEY=Fernet.generate_key().decode(), DOCUMENT_HASH_KEY=uuid.uuid4().hex,
               DJANGO_SETTINGS_MODULE="config.settings")
    if vendor == "sqlite":
        if connection.vendor != "sqlite":
            pytest.skip("the SQLite suite runs the SQLite round trip")
        path = tmp_path / "scratch.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)

        def destroy():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        if connection.vendor != "postgresql":
            pytest.skip("the PostgreSQL suite runs the PostgreSQL round trip")
        db = pg_settings()
        name = f"corridor_backup_scratch_{uuid.uuid4().hex[:12]}"
        env["DATABASE_URL"] = pg_url(db, name)
        connections.close_all()  # a template may have no other session
        with pg_admin(db) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{db["NAME"]}"')

        def destroy():
            with pg_admin(db) as admin:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}"')

    def destroy_all():
        destroy()
        shutil.rmtree(tmp_path / "media")
        Path(env["FLOWS_STORE"]).unlink()
        (tmp_path / "flows-public.duckdb").unlink()

    yield vendor, env, destroy_all
    if vendor == "postgresql":
        with pg_admin(db) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def _snapshot(env: dict, what: str) -> dict:
    result = _run(env, "-m", "corridor.core.tests.backup_data", what)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_backup_destroy_restore_finds_everything_back(scratch, tmp_path):
    vendor, env, destroy = scratch
    before = _snapshot(env, "fill")
    assert before["people"] and before["cases"] and before["bookings"]
    # The working store and the published one (the demo publishes what it loads).
    assert before["flows"]["flows.flow_counts"] and before["flows"]["flows-public.assessments"]
    archive = tmp_path / "backups" / "corridor.tar"

    made = _run(env, "manage.py", "corridor_backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert "DOCUMENT_ENCRYPTION_KEY" in made.stdout
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = set(tar.getnames())
    assert manifest["vendor"] == vendor
    assert ["core", "0001_initial"] in manifest["migrations"]
    assert f"media/{before['attachment'][0]}" in names and "flows.duckdb" in names
    assert "flows-public.duckdb" in names
    assert env["DOCUMENT_ENCRYPTION_KEY"] not in archive.read_bytes().decode("latin-1")

    destroy()
    restored = _run(env, "manage.py", "corridor_restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "DOCUMENT_ENCRYPTION_KEY" in restored.stdout

    after = _snapshot(env, "snapshot")
    # The restore is in the restored trail: one event more.
    events = before.pop("audit_events")
    assert after.pop("audit_events") == events + 1
    assert after == before

    # Over a database that is not empty: refused, then forced.
    refused = _run(env, "manage.py", "corridor_restore", str(archive))
    assert refused.returncode != 0 and "--force" in refused.stderr
    forced = _run(env, "manage.py", "corridor_restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    again = _snapshot(env, "snapshot")
    assert again["audit_events"] == events + 1
    assert {k: v for k, v in again.items() if k != "audit_events"} == before

    # A database that cannot be restored, in an archive whose checksums are right: refused, and
    # the uploaded file it also holds is not put in place either.
    broken = _rewritten(archive, tmp_path / "broken.tar", {
        backup.DATABASE[vendor]: b"not a database", f"media/{before['attachment'][0]}": b"%PDF-1.4 other"})
    failed = _run(env, "manage.py", "corridor_restore", "--force", str(broken))
    assert failed.returncode != 0 and "nothing was restored" in failed.stderr
    assert _snapshot(env, "snapshot") == again


def _rewritten(archive: Path, target: Path, replaced: dict[str, bytes]) -> Path:
    """A copy of `archive` with some files replaced, and a manifest listing their true checksums."""
    with tarfile.open(archive) as tar:
        files = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(files.pop("manifest.json"))
    files |= replaced
    for entry in manifest["files"]:
        entry["size"] = len(files[entry["name"]])
        entry["sha256"] = hashlib.sha256(files[entry["name"]]).hexdigest()
    return _archive(target, manifest, files)


# -- refusals, on the test database ------------------------------------------------------------

def _archive(path: Path, manifest: dict, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in [*files.items(), ("manifest.json", json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _manifest(files: dict[str, bytes], **changes) -> dict:
    applied = sorted([a, n] for a, n in MigrationRecorder(connection).applied_migrations())
    return {"format": backup.FORMAT, "created_at": "2000-01-01T00:00:00+00:00", "vendor": connection.vendor,
            "corridor_version": "0.1.0", "migrations": applied,
            "files": [{"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                      for n, d in files.items()], **changes}


def _restore_refused(archive: Path, *, force: bool = True) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("corridor_restore", str(archive), force=force)
    return str(refused.value)


def _database_name() -> str:
    return backup.DATABASE[connection.vendor]


@pytest.mark.django_db
def test_restore_refuses_a_damaged_archive(tmp_path):
    files = {_database_name(): b"the database", "media/cases/a.pdf": b"%PDF-1.4"}
    manifest = _manifest(files)
    archive = _archive(tmp_path / "bad.tar", manifest, {**files, "media/cases/a.pdf": b"%PDF-1.5"})
    assert "checksum of media/cases/a.pdf" in _restore_refused(archive)

    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(_archive(tmp_path / "good.tar", manifest, files).read_bytes()[:700])
    assert "damaged" in _restore_refused(truncated)

    unsafe = {_database_name(): b"x", "media/../../etc/passwd": b"x"}
    assert "damaged" in _restore_refused(_archive(tmp_path / "unsafe.tar", _manifest(unsafe), unsafe))
    assert AuditEvent.objects.filter(object_type="corridor.backup").count() == 0


@pytest.mark.django_db
def test_restore_refuses_another_vendor_and_newer_migrations(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    files = {backup.DATABASE[other]: b"x"}
    message = _restore_refused(_archive(tmp_path / "o.tar", _manifest(files, vendor=other), files))
    assert f"{other} backup" in message

    files = {_database_name(): b"x"}
    manifest = _manifest(files)
    manifest["migrations"].append(["core", "9999_from_the_future"])
    assert "core.9999_from_the_future" in _restore_refused(_archive(tmp_path / "n.tar", manifest, files))


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty_without_force(tmp_path):
    files = {_database_name(): b"x"}
    message = _restore_refused(_archive(tmp_path / "a.tar", _manifest(files), files), force=False)
    assert "not empty" in message and "--force" in message


@pytest.mark.django_db
def test_postgresql_backup_says_when_pg_dump_is_missing(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is for PostgreSQL")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump was not found on PATH"):
        call_command("corridor_backup", str(tmp_path / "b.tar"))
    assert not (tmp_path / "b.tar").exists()
