"""Where the current request came from, for the audit trail, without threading it through calls."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None = None
    via: str = "command"


_DEFAULT = RequestOrigin()
_origin: ContextVar[RequestOrigin | None] = ContextVar("corridor_request_origin", default=None)


def current_origin() -> RequestOrigin:
    return _origin.get() or _DEFAULT


def set_origin(origin: RequestOrigin):
    return _origin.set(origin)


def reset_origin(token) -> None:
    _origin.reset(token)
