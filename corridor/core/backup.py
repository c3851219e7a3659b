"""Backup and restore: one archive file holding the database, the flows store and uploaded files.

The archive is a tar file:

    database.sqlite3 | database.pgdump   SQLite online backup copy, or pg_dump's custom format
    flows.duckdb                          the flows store, copied under its lock after a checkpoint
    media/…                               the files under MEDIA_ROOT
    manifest.json                         last: what the archive is and every file's sha256

The encryption keys are never in it: document numbers stay encrypted, and a restore needs the same
DOCUMENT_ENCRYPTION_KEY(S) and DOCUMENT_HASH_KEY (or the same SECRET_KEY they were derived from).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import duckdb
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.flows.store import store_exclusive, store_path

FORMAT = 1
MANIFEST = "manifest.json"
FLOWS = "flows.duckdb"
MEDIA = "media"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
KEYS_NOTICE = ("The encryption keys are not in the archive: document numbers stay encrypted, and a "
               "restore needs the same DOCUMENT_ENCRYPTION_KEY(S) and DOCUMENT_HASH_KEY (or the same "
               "SECRET_KEY when they are not set).")
_CHUNK = 1 << 20
ALIAS = "default"


class BackupError(Exception):
    """A backup or restore refused or failed; the message says what and where."""


@dataclass(frozen=True)
class Outcome:
    path: Path
    manifest: dict[str, Any]


def _vendor() -> str:
    vendor = connections[ALIAS].vendor
    if vendor not in DATABASE:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _version() -> str:
    try:
        return importlib.metadata.version("corridor")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# -- PostgreSQL ---------------------------------------------------------------------------

def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found on PATH: install the PostgreSQL client of the "
                          f"server's major version (Debian: postgresql-client)")
    connection = connections[ALIAS]
    connection.ensure_connection()
    server = connection.pg_version // 10000
    output = subprocess.run([found, "--version"], capture_output=True, text=True,  # noqa: S603
                            check=False).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    client = int(match.group(1)) if match else 0
    if client < server:
        raise BackupError(f"{found} is version {client}, older than the PostgreSQL server ({server}): "
                          f"install the client of version {server}")
    return found


def _pg_env() -> dict[str, str]:
    """libpq's variables from DATABASE_URL: the password never appears on a command line."""
    db = connections[ALIAS].settings_dict
    env = dict(os.environ)
    for variable, value in (("PGHOST", db.get("HOST")), ("PGPORT", db.get("PORT")),
                            ("PGUSER", db.get("USER")), ("PGPASSWORD", db.get("PASSWORD")),
                            ("PGDATABASE", db.get("NAME"))):
        if value:
            env[variable] = str(value)
    options = db.get("OPTIONS", {})
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if options.get(option):
            env[f"PG{option.upper()}"] = str(options[option])
    return env


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


def _applied_live() -> list[list[str]]:
    recorder = MigrationRecorder(connections[ALIAS])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


# -- the parts of a backup ----------------------------------------------------------------

def _database_copy(vendor: str, target: Path) -> list[list[str]]:
    """Copy the database to `target`; return its applied migrations, as of the copy."""
    if vendor == "sqlite":
        source = Path(connections[ALIAS].settings_dict["NAME"])
        if not source.is_file():
            raise BackupError(f"no SQLite database at {source}")
        # The online backup API reads one consistent state while the app goes on writing (WAL).
        with closing_sqlite(f"file:{source}?mode=ro", uri=True) as src, closing_sqlite(target) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            tables = {row[0] for row in dst.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "django_migrations" not in tables:
                return []
            return sorted([a, n] for a, n in dst.execute("SELECT app, name FROM django_migrations"))
    applied = _applied_live()
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"], "pg_dump")
    return applied


def _flows_copy(target: Path) -> bool:
    """Copy the flows store while no use holds it, after folding its write-ahead log in."""
    with store_exclusive() as path:
        if not path.is_file():
            return False
        con = duckdb.connect(str(path))
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()
        shutil.copyfile(path, target)
    return True


class _HashingReader:
    """Reads a file into the archive and hashes exactly what went in."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, source: Path, name: str) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    with open(source, "rb") as handle:
        info.size = os.fstat(handle.fileno()).st_size
        info.mtime = int(os.fstat(handle.fileno()).st_mtime)
        info.mode = 0o600
        reader = _HashingReader(handle)
        archive.addfile(info, reader)  # type: ignore[arg-type]
    return {"name": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, f"{MEDIA}/{path.relative_to(root).as_posix()}"


def default_destination() -> Path:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"corridor-{stamp}.tar"


def backup_create(destination: Path | None = None) -> Outcome:
    """Write one archive atomically (a temporary file renamed into place); audit it."""
    vendor = _vendor()
    destination = Path(destination or default_destination()).resolve()
    if destination.exists():
        raise BackupError(f"{destination} already exists: choose another file")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".corridor-backup-") as work:
        staging = Path(work)
        database = staging / DATABASE[vendor]
        applied = _database_copy(vendor, database)
        has_flows = _flows_copy(staging / FLOWS)
        partial = staging / "archive.tar"
        # The archive holds personal data: readable by its owner only.
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw, \
                tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
            files = [_add_file(archive, database, DATABASE[vendor])]
            if has_flows:
                files.append(_add_file(archive, staging / FLOWS, FLOWS))
            files += [_add_file(archive, path, name) for path, name in _media_files()]
            manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(),
                        "vendor": vendor, "corridor_version": _version(), "migrations": applied,
                        "files": files, "keys": KEYS_NOTICE}
            body = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(timezone.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(body))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, destination)
    audit_record(actor=None, action=AuditAction.EXPORT, object_type="corridor.backup",
                 object_id=destination.name,
                 summary=f"Backup written: {destination.name} ({len(files)} files)",
                 changes={"archive": destination.name, "files": len(files)})
    return Outcome(destination, manifest)


@contextmanager
def closing_sqlite(*args: Any, **kwargs: Any) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(*args, **kwargs)
    try:
        yield con
    finally:
        con.close()


# -- restore --------------------------------------------------------------------------------

def _damaged(archive: Path, why: str) -> BackupError:
    return BackupError(f"{archive} is damaged or not a Corridor backup ({why}): nothing was restored")


def _safe_member(name: str) -> bool:
    if name in (MANIFEST, FLOWS, *DATABASE.values()):
        return True
    parts = PurePosixPath(name).parts
    return (len(parts) >= 2 and parts[0] == MEDIA and not name.startswith("/")
            and all(part not in ("", ".", "..") for part in parts))


def read_manifest(archive_path: Path) -> dict[str, Any]:
    """The manifest, after checking the archive holds exactly the files it lists, unchanged."""
    try:
        with tarfile.open(archive_path, mode="r:") as archive:
            members = {m.name: m for m in archive.getmembers()}
            if MANIFEST not in members:
                raise _damaged(archive_path, "no manifest.json")
            manifest = json.loads(archive.extractfile(members[MANIFEST]).read())  # type: ignore[union-attr]
            listed = {entry["name"]: entry for entry in manifest["files"]}
            if set(members) != {*listed, MANIFEST}:
                raise _damaged(archive_path, "its files differ from the manifest's list")
            for name, entry in listed.items():
                member = members[name]
                if not member.isfile() or not _safe_member(name):
                    raise _damaged(archive_path, f"unexpected entry {name!r}")
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                while chunk := handle.read(_CHUNK):  # type: ignore[union-attr]
                    digest.update(chunk)
                if digest.hexdigest() != entry["sha256"]:
                    raise _damaged(archive_path, f"checksum of {name} does not match")
    except (tarfile.TarError, OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise _damaged(archive_path, str(exc) or type(exc).__name__) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} has archive format {manifest.get('format')}, this Corridor "
                          f"reads format {FORMAT}: nothing was restored")
    return manifest


def _check_compatible(archive_path: Path, manifest: dict[str, Any], vendor: str) -> None:
    if manifest["vendor"] != vendor:
        raise BackupError(f"{archive_path} is a {manifest['vendor']} backup and DATABASE_URL names a "
                          f"{vendor} database: nothing was restored")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known)
    if unknown:
        raise BackupError(f"{archive_path} comes from newer code: migrations unknown here: "
                          f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}; "
                          f"update Corridor first. Nothing was restored")


def _database_empty() -> bool:
    connection = connections[ALIAS]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _extract(archive: tarfile.TarFile, name: str, target: Path) -> str:
    """Write one member to `target`; return the sha256 of what was written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    reader = _HashingReader(archive.extractfile(name))  # type: ignore[arg-type]
    with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        shutil.copyfileobj(reader, out, _CHUNK)  # type: ignore[misc]
    return reader.digest.hexdigest()


def _restore_sqlite(staged: Path) -> None:
    """Check the staged copy, then put it in place in one step."""
    target = Path(connections[ALIAS].settings_dict["NAME"])
    with closing_sqlite(staged) as con:
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"the archive's database is not readable: {exc}; nothing was restored") from exc
        if result[0] != "ok":
            raise BackupError(f"the archive's database fails its integrity check: {result[0]}")
    connections.close_all()
    if not target.exists():
        os.replace(staged, target)
        return
    # The live file may be open (and in WAL mode): SQLite's backup API writes the staged copy over
    # it in one transaction, so a reader sees the old database or the new one, never a mix.
    with closing_sqlite(staged) as src, closing_sqlite(target, timeout=30) as dst:
        src.backup(dst)


def _restore_postgresql(staged: Path) -> None:
    name = connections[ALIAS].settings_dict["NAME"]
    tool = _pg_tool("pg_restore")
    connections.close_all()
    # One transaction: an error rolls everything back and leaves the database as it was.
    _run([tool, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner",
          "--no-acl", "--no-password", f"--dbname={name}", str(staged)], "pg_restore")


def _swap_flows(staged: Path | None) -> None:
    with store_exclusive() as path:
        wal = Path(f"{path}.wal")
        if wal.exists():
            wal.unlink()
        if staged is None:
            path.unlink(missing_ok=True)
        else:
            os.replace(staged, path)


def _swap_media(staged: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        old = Path(tempfile.mkdtemp(dir=root.parent, prefix=f".{root.name}.old-"))
        os.replace(root, old / root.name)
        os.replace(staged, root)
        shutil.rmtree(old)
    else:
        os.replace(staged, root)


def restore(archive_path: Path, *, force: bool = False) -> Outcome:
    """Restore every part or none: all is checked and staged before the database is touched."""
    archive_path = Path(archive_path).resolve()
    vendor = _vendor()
    manifest = read_manifest(archive_path)
    _check_compatible(archive_path, manifest, vendor)
    if not force and not _database_empty():
        raise BackupError("the database is not empty: restore with --force to replace it")
    names = [entry["name"] for entry in manifest["files"]]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    flows_path = store_path()
    flows_path.parent.mkdir(parents=True, exist_ok=True)
    database_target = (Path(connections[ALIAS].settings_dict["NAME"]).parent
                       if vendor == "sqlite" else archive_path.parent)
    database_target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=database_target, prefix=".corridor-restore-") as db_work, \
            tempfile.TemporaryDirectory(dir=flows_path.parent, prefix=".corridor-restore-") as flows_work, \
            tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".corridor-restore-") as media_work:
        staged_db = Path(db_work) / DATABASE[vendor]
        staged_flows = Path(flows_work) / FLOWS if FLOWS in names else None
        staged_media = Path(media_work) / MEDIA
        staged_media.mkdir()
        targets = {DATABASE[vendor]: staged_db}
        if staged_flows is not None:
            targets[FLOWS] = staged_flows
        targets |= {n: staged_media / n.removeprefix(f"{MEDIA}/") for n in names if n.startswith(f"{MEDIA}/")}
        try:
            with tarfile.open(archive_path, mode="r:") as archive:
                written = {name: _extract(archive, name, target) for name, target in targets.items()}
        except (tarfile.TarError, OSError, KeyError) as exc:
            raise _damaged(archive_path, str(exc)) from exc
        # Checked again as staged: the archive may have changed since it was first read.
        if any(written[e["name"]] != e["sha256"] for e in manifest["files"] if e["name"] in written):
            raise _damaged(archive_path, "it changed while it was read")
        if vendor == "sqlite":
            _restore_sqlite(staged_db)
        else:
            _restore_postgresql(staged_db)
        _swap_flows(staged_flows)
        _swap_media(staged_media)
    _audit_restore(archive_path, manifest)
    return Outcome(archive_path, manifest)


def _audit_restore(archive_path: Path, manifest: dict[str, Any]) -> None:
    """Recorded in the restored trail when its schema is the code's (else after `migrate`, never)."""
    known = {(a, n) for a, n in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
             if a == "core"}
    if not known <= {(a, n) for a, n in manifest["migrations"]}:
        return
    created = dt.datetime.fromisoformat(manifest["created_at"])
    audit_record(actor=None, action=AuditAction.UPDATE, object_type="corridor.backup",
                 object_id=archive_path.name,
                 summary=f"Database restored from {archive_path.name} (taken {created:%Y-%m-%d %H:%M %Z})",
                 changes={"archive": archive_path.name, "created_at": manifest["created_at"]})


def pending_migrations(manifest: dict[str, Any]) -> int:
    applied = {(a, n) for a, n in manifest["migrations"]}
    return len(set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations) - applied)
