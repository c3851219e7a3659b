"""The archive: written in one piece, checked whole before anything is restored from it."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import duckdb
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from corridor.core.audit import audit_record
from corridor.core.backup import databases
from corridor.core.backup.databases import ALIAS, DATABASE, BackupError
from corridor.core.file_locks import flows_public_store_path, flows_store_path, held_exclusively
from corridor.core.models import AuditAction

FORMAT = 1
MANIFEST = "manifest.json"
FLOWS = "flows.duckdb"
# The published flows store (ADR 0032): what the public page's next publication builds on.
FLOWS_PUBLIC = "flows-public.duckdb"
MEDIA = "media"
KEYS_NOTICE = ("The encryption keys are not in the archive: document numbers stay encrypted, and a "
               "restore needs the same DOCUMENT_ENCRYPTION_KEY(S) and DOCUMENT_HASH_KEY (or the same "
               "SECRET_KEY when they are not set).")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Outcome:
    path: Path
    manifest: dict[str, Any]


def _version() -> str:
    try:
        return importlib.metadata.version("corridor")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# -- the parts of a backup ----------------------------------------------------------------

def _stores() -> dict[str, Path]:
    """The flows stores an archive holds, by member name."""
    return {FLOWS: flows_store_path(), FLOWS_PUBLIC: flows_public_store_path()}


def _flows_copy(target: Path, source: Path) -> bool:
    """Copy a flows store while no use holds it, after folding its write-ahead log in."""
    with held_exclusively(source) as path:
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
    vendor = databases.vendor()
    destination = Path(destination or default_destination()).resolve()
    if destination.exists():
        raise BackupError(f"{destination} already exists: choose another file")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".corridor-backup-") as work:
        staging = Path(work)
        database = staging / DATABASE[vendor]
        applied = databases.database_copy(vendor, database)
        stores = [name for name, source in _stores().items() if _flows_copy(staging / name, source)]
        partial = staging / "archive.tar"
        # The archive holds personal data: readable by its owner only.
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw, \
                tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
            files = [_add_file(archive, database, DATABASE[vendor])]
            files += [_add_file(archive, staging / name, name) for name in stores]
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


# -- restore --------------------------------------------------------------------------------

def _damaged(archive: Path, why: str) -> BackupError:
    return BackupError(f"{archive} is damaged or not a Corridor backup ({why}): nothing was restored")


def _safe_member(name: str) -> bool:
    if name in (MANIFEST, FLOWS, FLOWS_PUBLIC, *DATABASE.values()):
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


def _extract(archive: tarfile.TarFile, name: str, target: Path) -> str:
    """Write one member to `target`; return the sha256 of what was written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    reader = _HashingReader(archive.extractfile(name))  # type: ignore[arg-type]
    with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        shutil.copyfileobj(reader, out, _CHUNK)  # type: ignore[misc]
    return reader.digest.hexdigest()


def _swap_flows(staged: Path | None, store: Path) -> None:
    with held_exclusively(store) as path:
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
    vendor = databases.vendor()
    manifest = read_manifest(archive_path)
    _check_compatible(archive_path, manifest, vendor)
    if not force and not databases.database_empty():
        raise BackupError("the database is not empty: restore with --force to replace it")
    names = [entry["name"] for entry in manifest["files"]]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    flows_path = flows_store_path()
    flows_path.parent.mkdir(parents=True, exist_ok=True)
    database_target = (Path(connections[ALIAS].settings_dict["NAME"]).parent
                       if vendor == "sqlite" else archive_path.parent)
    database_target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=database_target, prefix=".corridor-restore-") as db_work, \
            tempfile.TemporaryDirectory(dir=flows_path.parent, prefix=".corridor-restore-") as flows_work, \
            tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".corridor-restore-") as media_work:
        staged_db = Path(db_work) / DATABASE[vendor]
        staged_stores = {name: (Path(flows_work) / name if name in names else None) for name in _stores()}
        staged_media = Path(media_work) / MEDIA
        staged_media.mkdir()
        targets = {DATABASE[vendor]: staged_db}
        targets |= {name: staged for name, staged in staged_stores.items() if staged is not None}
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
            databases.restore_sqlite(staged_db)
        else:
            databases.restore_postgresql(staged_db)
        for name, store in _stores().items():
            _swap_flows(staged_stores[name], store)
        _swap_media(staged_media)
    _audit_restore(archive_path, manifest)
    return Outcome(archive_path, manifest)


def _audit_restore(archive_path: Path, manifest: dict[str, Any]) -> None:
    """Recorded in the restored trail when its audit table is the code's: an archive from older
    code leaves the database untouched until the operator runs `migrate`."""
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
