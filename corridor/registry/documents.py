"""Identity document numbers: encrypted at rest (Fernet), found by a keyed hash (HMAC-SHA256).

Keys come from DOCUMENT_ENCRYPTION_KEYS (comma-separated Fernet keys: the first encrypts, every
one decrypts, so a key is rotated by putting a new one first and running
`manage.py corridor_reencrypt_documents`) and DOCUMENT_HASH_KEY, or their *_FILE variants. Only
with DEBUG on (the demo) are missing keys derived from SECRET_KEY; with DEBUG off the deploy
check corridor.E001/E002 refuses to start without them (ADR 0004).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")

# Every stored encrypted document number, as (model label, field, field of its keyed hash or
# None): the re-encryption command walks these.
ENCRYPTED_FIELDS = (
    ("registry.IdentityDocument", "number_encrypted", "number_digest"),
    ("movements.Escort", "document_number_encrypted", None),
)


def normalise_number(number: str) -> str:
    """What makes two written forms the same number: letters and digits, upper case."""
    return _NOT_ALNUM.sub("", number.upper())


def _derive(label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(
        settings.SECRET_KEY.encode()
    )


def missing_keys() -> list[str]:
    """The key settings production must set but did not (empty when DEBUG allows deriving)."""
    if settings.DEBUG:
        return []
    missing = []
    if not settings.DOCUMENT_ENCRYPTION_KEYS:
        missing.append("DOCUMENT_ENCRYPTION_KEYS")
    if not settings.DOCUMENT_HASH_KEY:
        missing.append("DOCUMENT_HASH_KEY")
    return missing


def require_keys() -> None:
    """Stop start-up of a production server that would derive its keys from SECRET_KEY."""
    missing = missing_keys()
    if missing:
        raise ImproperlyConfigured(
            f"{' and '.join(missing)} must be set when DEBUG is off: document numbers would "
            "otherwise be encrypted with a key derived from SECRET_KEY, and changing SECRET_KEY "
            "would make every stored number unreadable (see README, Configuration)")


def derived_encryption_key() -> str:
    """The key a deployment without DOCUMENT_ENCRYPTION_KEYS used, from its SECRET_KEY: listed
    after a new key, it lets corridor_reencrypt_documents move its numbers to the new one."""
    return base64.urlsafe_b64encode(_derive(b"corridor document encryption")).decode()


def _keys() -> list[bytes]:
    configured = settings.DOCUMENT_ENCRYPTION_KEYS
    if configured:
        return [key.encode() for key in configured]
    require_keys()
    return [derived_encryption_key().encode()]


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


@cache
def _primary() -> Fernet:
    return Fernet(_keys()[0])


@cache
def _hash_key() -> bytes:
    configured = settings.DOCUMENT_HASH_KEY
    if configured:
        return configured.encode()
    require_keys()
    return _derive(b"corridor document lookup")


def reset_keys() -> None:
    """Forget the keys read so far (after the settings changed: tests, key rotation)."""
    for cached in (_fernet, _primary, _hash_key):
        cached.cache_clear()


@receiver(setting_changed)
def _keys_changed(*, setting: str, **kwargs) -> None:
    if setting in {"DOCUMENT_ENCRYPTION_KEYS", "DOCUMENT_HASH_KEY", "SECRET_KEY", "DEBUG"}:
        reset_keys()


def encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def decrypt(token: str) -> str:
    """The number, or InvalidToken when no configured key opens the token."""
    return _fernet().decrypt(token.encode()).decode()


def unreadable_placeholder() -> str:
    return _("[unreadable: no configured key opens this document number]")


def reveal(token: str, *, record: str) -> str:
    """The number to show, or a placeholder when no key opens it: a lost or rotated-out key
    must not turn a person's page into a server error. `record` (e.g. "registry.identitydocument
    12") names what to fix in the log, which never carries the token or the number."""
    if not token:
        return ""
    try:
        return decrypt(token)
    except InvalidToken:
        log.warning("document number of %s cannot be decrypted with the configured keys", record)
        return unreadable_placeholder()


def is_current(token: str) -> bool:
    """Whether the first (encrypting) key already opens the token."""
    try:
        _primary().decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """The same number encrypted with the first key; InvalidToken when no key opens it."""
    return _fernet().rotate(token.encode()).decode()


def digest(number: str) -> str:
    return hmac.new(_hash_key(), normalise_number(number).encode(), hashlib.sha256).hexdigest()
