"""Deploy checks of the document keys: production must not derive them from SECRET_KEY."""

from __future__ import annotations

from django.core import checks

from corridor.registry import documents

_HINTS = {
    "DOCUMENT_ENCRYPTION_KEYS": ("registry.E001", "one or more Fernet keys, comma-separated, the "
                                 "first encrypting (or DOCUMENT_ENCRYPTION_KEYS_FILE)"),
    "DOCUMENT_HASH_KEY": ("registry.E002", "a random secret of at least 32 characters, never "
                          "changed (or DOCUMENT_HASH_KEY_FILE)"),
}


@checks.register(checks.Tags.security, deploy=True)
def document_keys_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return [checks.Error(
        f"{name} is not set: document numbers would be protected by a key derived from "
        "SECRET_KEY, and changing SECRET_KEY would make every stored one unreadable.",
        hint=f"Set {name}: {_HINTS[name][1]}.", id=_HINTS[name][0])
        for name in documents.missing_keys()]
