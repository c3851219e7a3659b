"""Identity document numbers: encrypted at rest (Fernet), found by a keyed hash (HMAC-SHA256).

Keys come from DOCUMENT_ENCRYPTION_KEY and DOCUMENT_HASH_KEY (or *_FILE); without them they are
derived from SECRET_KEY, which then must never change: set both explicitly in production.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from functools import cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def normalise_number(number: str) -> str:
    """What makes two written forms the same number: letters and digits, upper case."""
    return _NOT_ALNUM.sub("", number.upper())


def _derive(label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(
        settings.SECRET_KEY.encode()
    )


@cache
def _fernet() -> Fernet:
    configured = settings.DOCUMENT_ENCRYPTION_KEY
    key = configured.encode() if configured else base64.urlsafe_b64encode(
        _derive(b"corridor document encryption"))
    return Fernet(key)


@cache
def _hash_key() -> bytes:
    configured = settings.DOCUMENT_HASH_KEY
    return configured.encode() if configured else _derive(b"corridor document lookup")


def encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def digest(number: str) -> str:
    return hmac.new(_hash_key(), normalise_number(number).encode(), hashlib.sha256).hexdigest()
