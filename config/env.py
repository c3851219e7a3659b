"""Read settings from the environment; a malformed value stops start-up with a message naming it."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str | None:
    """`NAME`, or the contents of the file named by `NAME_FILE` (for secrets mounted as files)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name!r}: {exc.strerror}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    raw = os.environ.get(name, default)
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(sorted(choices))}, not {raw!r}")
    return raw


def fernet_keys(name: str, legacy_name: str) -> list[str]:
    """Comma- (or line-) separated Fernet keys from `name` (or `name_FILE`), then the single key
    of `legacy_name`; a malformed key stops start-up naming its variable and place, not its value."""
    from cryptography.fernet import Fernet

    keys: list[str] = []
    for variable in (name, legacy_name):
        raw = env_str(variable) or ""
        given = [key.strip() for key in raw.replace("\n", ",").split(",") if key.strip()]
        for position, key in enumerate(given, start=1):
            try:
                Fernet(key.encode())
            except ValueError:
                raise ImproperlyConfigured(
                    f"{variable}: key {position} is not a Fernet key (32 url-safe base64-encoded "
                    "bytes, as cryptography.fernet.Fernet.generate_key() makes)") from None
            if key not in keys:
                keys.append(key)
    return keys



def require_secret_key() -> None:
    """Stop a web server started without SECRET_KEY, naming the variable (Django refuses an
    empty key when it is first read)."""
    from django.conf import settings

    try:
        settings.SECRET_KEY  # noqa: B018 - read to be refused
    except ImproperlyConfigured:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off") from None
