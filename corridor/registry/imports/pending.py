"""Uploaded files waiting for the user to confirm their import preview.

They hold personal data in plain text, so they are kept no longer than needed:
- where: `MEDIA_ROOT/imports/pending/<32 random hex digits>`, created readable by the server's
  user only (0600), never served (MEDIA_ROOT has no URL);
- deleted when the import is confirmed (whatever the outcome), cancelled, or its token is
  refused as expired;
- abandoned ones (older than IMPORT_PENDING_HOURS, also the token's lifetime) are purged at each
  new upload and by `manage.py corridor_purge_pending_imports` (run it from cron).
"""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing

_SALT = "corridor.registry.imports.pending"
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


def save(upload, **facts) -> str:
    """Keep `upload` until confirmed; return the signed token naming it and `facts`."""
    purge()
    name = uuid.uuid4().hex
    upload.seek(0)
    descriptor = os.open(directory() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return signing.dumps({"file": name, **facts}, salt=_SALT)


def load(token: str) -> dict | None:
    """The facts of a valid token; None when it is forged or expired (an expired one's file is
    deleted on the way)."""
    try:
        return signing.loads(token, salt=_SALT, max_age=max_age_seconds())
    except signing.SignatureExpired:
        discard(signing.loads(token, salt=_SALT).get("file", ""))
        return None
    except signing.BadSignature:
        return None


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
