"""The public IATI files kept on disk for IATI_CACHE_SECONDS (ADR 0073): building activities.xml
reads every project's budgets and transactions, and crawlers fetch it often. The first request
after the file expires streams a fresh build to its reader and writes it beside; requests in
the meantime get the file as written. A build cut short (the reader went away) leaves nothing:
only a complete file is renamed into place, so a reader never gets half a file."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings


def _path(name: str) -> Path:
    return Path(settings.IATI_CACHE_DIR) / name


def fresh(name: str) -> Path | None:
    """The kept file `name` if it is younger than IATI_CACHE_SECONDS (0: nothing is kept)."""
    if settings.IATI_CACHE_SECONDS <= 0:
        return None
    path = _path(name)
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None
    return path if age < settings.IATI_CACHE_SECONDS else None


def kept(name: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """`chunks`, passed on to the reader as they come and written to a temporary file that
    replaces the kept one once the last chunk has gone out."""
    if settings.IATI_CACHE_SECONDS <= 0:
        yield from chunks
        return
    directory = _path(name).parent
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".part")
    done = False
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                yield chunk
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, _path(name))  # atomic: readers see the old file or the new one
        done = True
    finally:
        if not done:
            Path(temporary).unlink(missing_ok=True)
