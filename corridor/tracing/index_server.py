"""The tracing index once per host: a process (`manage.py corridor_tracing_index`) holds the
consenting registry's search index and answers the web processes' searches over a Unix socket,
so that the index (about 1.7 GB at 1,000,000 people) is built and kept once, not in every web
process. The server runs the same code as a process without it (linkage.search_local); the
records it sends back are the candidates' ids, probabilities and explanations, never the
registry.

The socket lives in a directory only the service's user can enter, and both ends prove they hold
the deployment's SECRET_KEY (multiprocessing.connection's HMAC challenge) before anything is
sent; what passes stays in memory on this host.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Listener
from pathlib import Path

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)


def _authkey() -> bytes:
    return hashlib.sha256(b"corridor-tracing-index:" + settings.SECRET_KEY.encode()).digest()


def ask(address: str, records: list[dict]):
    """The host server's answer to `records` (the sought persons as the engine's records)."""
    with Client(address, family="AF_UNIX", authkey=_authkey()) as connection:
        connection.send(records)
        return connection.recv()


def _answer(connection) -> None:
    from corridor.tracing import linkage

    try:
        with connection:
            connection.send(linkage.search_local(connection.recv()))
    except (EOFError, OSError):  # the web process went away mid-request
        pass
    except Exception:  # logged by type only: a record's values never reach the log
        log.exception("tracing index: a search failed")
    finally:
        connections.close_all()  # this thread's database connection


def serve(address: str, *, ready: threading.Event | None = None,
          stop: threading.Event | None = None) -> None:
    """Answer searches on `address` until `stop` is set (or for ever), one thread per request;
    the index is built on the first and refreshed, as in a web process, when the registry
    changed."""
    path = Path(address)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    path.unlink(missing_ok=True)
    with Listener(address, family="AF_UNIX", authkey=_authkey()) as listener:
        os.chmod(address, 0o600)
        if ready is not None:
            ready.set()
        while stop is None or not stop.is_set():
            try:
                connection = listener.accept()
            except (AuthenticationError, OSError):  # a client without the key: refused
                continue
            threading.Thread(target=_answer, args=(connection,), daemon=True).start()
