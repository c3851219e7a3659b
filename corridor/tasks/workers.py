"""Which worker runs a task, and whether it still lives: a worker names itself `host:pid`."""

from __future__ import annotations

import os
import socket


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def gone(worker: str) -> bool | None:
    """True when `worker` was of this host and its process no longer exists (killed, machine
    restarted), False when it lives; None for another host's worker, which cannot be asked."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    return not _alive(int(pid))
