"""Search terms that name a person (a name, a phone, a document number) stay out of addresses.

A list's search form is posted; the answer redirects to the list's address with those terms
sealed (encrypted and authenticated, Fernet) in one parameter, the other filters in plain. The
address is then a GET as before: its pages link to each other, the back button and reload work,
and yet no access log, browser history, Referer or proxy sees the terms. A sealed token is
accepted for TOKEN_HOURS, then ignored (the list shows unfiltered)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from functools import cache
from urllib.parse import urlencode

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect, QueryDict

SEALED = "terms"  # the parameter carrying the sealed terms
TOKEN_HOURS = 12
_NOT_FILTERS = {"csrfmiddlewaretoken", "page", SEALED}


@cache
def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"corridor search terms").derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(terms: dict[str, str]) -> str:
    return _fernet(settings.SECRET_KEY).encrypt(json.dumps(terms).encode()).decode()


def unseal(token: str) -> dict[str, str]:
    """The terms sealed in `token`, or none if it is forged, damaged or older than TOKEN_HOURS."""
    try:
        terms = json.loads(_fernet(settings.SECRET_KEY).decrypt(
            token.encode(), ttl=TOKEN_HOURS * 3600))
    except (InvalidToken, ValueError):
        return {}
    return {str(k): str(v) for k, v in terms.items()} if isinstance(terms, dict) else {}


def redirect_sealed(request: HttpRequest, personal: Iterable[str]) -> HttpResponseRedirect:
    """The posted search as the list's address: `personal` terms sealed, other filters plain."""
    personal = set(personal)
    terms = {name: value.strip() for name in personal
             if (value := request.POST.get(name, "")).strip()}
    query = [(name, value) for name, values in request.POST.lists() for value in values
             if name not in personal and name not in _NOT_FILTERS and value]
    if terms:
        query.append((SEALED, seal(terms)))
    response = HttpResponseRedirect(request.path + (f"?{urlencode(query)}" if query else ""))
    response.status_code = 303  # see the list by GET
    return response


def search_data(request: HttpRequest, personal: Iterable[str]) -> QueryDict:
    """The list's filters: its address's, with the sealed `personal` terms opened."""
    data = request.GET.copy()
    token = data.pop(SEALED, [""])[-1]
    if token:
        opened = unseal(token)
        for name in personal:
            if opened.get(name):
                data[name] = opened[name]
    return data
