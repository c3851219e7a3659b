"""Creates sent with an Idempotency-Key: a replay answers as the first time and creates nothing.

Only the status and which record the create made are kept, never the answer: a registration's
answer holds decrypted document numbers and phones, an import's the names it read. A replay
reads the record again through the same audited selector as its GET, so a user who lost access
gets 404 and the view is in the audit trail. Records live 24 hours: each keyed create deletes the
expired ones (one indexed DELETE), and the lookup ignores them whatever is left."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from ninja import Status

from corridor.core.errors import ValidationFailed
from corridor.core.models import IdempotencyRecord

KEEP_FOR = timedelta(hours=24)
HEADER = "Idempotency-Key"

# What a create returns: the status, the record it made (None when it made nothing: a retry may
# then simply run it again) and the answer.
Created = tuple[int, models.Model | None, Any]


def idempotent_create(request: HttpRequest, *, key: str | None, endpoint: str,
                      create: Callable[[], Created], replay: Callable[[int], Any]) -> Status:
    """Run `create` once per (user, key, endpoint); a replay answers `replay(record id)`, which
    must read the record as its GET does (policy-scoped, audited)."""
    if not key:
        status, _record, body = create()
        return Status(status, body)
    key = key.strip()[:128]
    fingerprint = _fingerprint(request)
    mine = IdempotencyRecord.objects.filter(user=request.user, key=key, endpoint=endpoint)
    cutoff = timezone.now() - KEEP_FOR
    found = mine.filter(created_at__gte=cutoff).first()
    if found is not None:
        return _replay(found, fingerprint, replay)
    purge_expired()
    try:
        with transaction.atomic():
            status, record, body = create()
            if record is not None:
                IdempotencyRecord.objects.create(
                    user=request.user, key=key, endpoint=endpoint, status_code=status,
                    object_type=record._meta.label_lower, object_id=record.pk,
                    request_hash=fingerprint)
            return Status(status, body)
    except IntegrityError:
        # A concurrent request with the same key won the race; ours rolled back whole.
        found = mine.filter(created_at__gte=cutoff).first()
        if found is None:
            raise
        return _replay(found, fingerprint, replay)


def purge_expired() -> int:
    """Delete the records past their 24 hours; the number deleted."""
    return IdempotencyRecord.objects.filter(
        created_at__lt=timezone.now() - KEEP_FOR).delete()[0]


def _replay(found: IdempotencyRecord, fingerprint: str, replay: Callable[[int], Any]) -> Status:
    # Records migrated from before hashes were kept have none: they expire within the day.
    if found.request_hash and not constant_time_compare(found.request_hash, fingerprint):
        raise ValidationFailed([{
            "where": "header", "field": HEADER,
            "message": _("This key was already used for a different request: send a new "
                         "Idempotency-Key with each new request.")}])
    return Status(found.status_code, replay(found.object_id))


def _fingerprint(request: HttpRequest) -> str:
    """A keyed hash of method, path and canonical body (JSON with sorted keys, or form fields
    and the files' own hashes). Keyed, so a short body (a document number) cannot be guessed
    back from it."""
    parts: list[Any] = [request.method, request.path]
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        parts.append(sorted((name, request.POST.getlist(name)) for name in request.POST))
        parts.append(sorted((name, [_file_hash(f) for f in request.FILES.getlist(name)])
                            for name in request.FILES))
    else:
        try:
            parts.append(json.loads(request.body or b"null"))
        except ValueError:
            parts.append(hashlib.sha256(request.body).hexdigest())
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return salted_hmac("corridor.idempotency", canonical, algorithm="sha256").hexdigest()


def _file_hash(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
