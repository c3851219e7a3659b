"""Uploaded files waiting for their background task (an import's check, then its import after the
user's confirmation; a flows, gazetteer or evacuation import).

They hold personal data in plain text, so they are kept no longer than needed:
- where: `MEDIA_ROOT/imports/pending/<32 random hex digits>`, created readable by the server's
  user only (0600), never served (MEDIA_ROOT has no URL);
- named only by the task's parameters (a name is 32 random hex digits, not the file's name);
- deleted when the import has run (whatever the outcome), when the check refused the file, when
  the preview is cancelled;
- abandoned ones (older than IMPORT_PENDING_HOURS: a preview not confirmed) are purged at each
  new upload and by `manage.py corridor_purge_pending_imports` (run it from cron).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import uuid
from pathlib import Path

from django.conf import settings

_NAME = re.compile(r"[0-9a-f]{32}")


def directory() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports" / "pending"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def max_age_seconds() -> int:
    return settings.IMPORT_PENDING_HOURS * 3600


def path_of(name: str) -> Path | None:
    """The pending file called `name`, or None for a name this module did not make."""
    return directory() / name if _NAME.fullmatch(name or "") else None


def kept(name: str) -> Path | None:
    """The file kept as `name` while it is still there; None when it is gone (purged, or used)."""
    path = path_of(name)
    return path if path is not None and path.exists() else None


def fingerprint(upload, *options: object) -> str:
    """The SHA-256 of the upload's bytes and the options it is imported with: the same file with
    the same options is the same work (a task's key)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    digest.update("|".join(map(str, ("", *options))).encode())
    return digest.hexdigest()


def keep(upload) -> str:
    """Keep `upload` for the task that checks or imports it; return its name."""
    purge()
    name = uuid.uuid4().hex
    upload.seek(0)
    descriptor = os.open(directory() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return name


def discard(name: str) -> None:
    path = path_of(name)
    if path is not None:
        path.unlink(missing_ok=True)


def purge(max_age: int | None = None) -> int:
    """Delete the pending files older than `max_age` seconds (IMPORT_PENDING_HOURS); return
    how many. File times are the file system's, compared with its own clock."""
    limit = time.time() - (max_age_seconds() if max_age is None else max_age)
    removed = 0
    for path in directory().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # removed meanwhile by a confirmation or another purge
            continue
    return removed
