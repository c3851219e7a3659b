"""`manage.py corridor_reencrypt_documents`: re-encrypt every stored document number with the
first key of DOCUMENT_ENCRYPTION_KEYS, after a new key was put first (key rotation), and
recompute its keyed hash with DOCUMENT_HASH_KEY where it differs (a new hash key).

Batched (each batch one transaction, its rows locked), idempotent (a number the first key
already opens, with a current hash, is left alone), audited (one event per batch naming the
records). A number no configured key opens is counted and logged by record id, never by value,
and makes the command end non-zero: the old key must not be removed while such numbers remain.

A deployment that ran without DOCUMENT_ENCRYPTION_KEYS (keys derived from SECRET_KEY) moves to
its own keys by listing the derived key after a new one (see README, Configuration).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.registry import documents

log = logging.getLogger(__name__)


@dataclass
class Counts:
    reencrypted: int = 0
    rehashed: int = 0
    current: int = 0
    unreadable: int = 0


def reencrypt_field(label: str, field: str, digest_field: str | None, *,
                    batch_size: int) -> Counts:
    model = apps.get_model(label)
    counts = Counts()
    columns = ["pk", field] + ([digest_field] if digest_field else [])
    after = 0
    while True:
        with transaction.atomic():
            rows = list(model.objects.select_for_update().filter(pk__gt=after)
                        .exclude(**{field: ""}).order_by("pk").values_list(*columns)[:batch_size])
            if not rows:
                return counts
            after = rows[-1][0]
            changed = []
            for pk, token, *stored_digest in rows:
                try:
                    number = documents.decrypt(token)
                except InvalidToken:
                    counts.unreadable += 1
                    log.warning("%s %s: no configured key opens its document number", label, pk)
                    continue
                update = {}
                if not documents.is_current(token):
                    update[field] = documents.rotate(token)
                    counts.reencrypted += 1
                if digest_field and stored_digest[0] != (fresh := documents.digest(number)):
                    update[digest_field] = fresh
                    counts.rehashed += 1
                if update:
                    model.objects.filter(pk=pk).update(**update)
                    changed.append(pk)
                else:
                    counts.current += 1
            if changed:
                audit_record(actor=None, action=AuditAction.UPDATE,
                             object_type=model._meta.label_lower,
                             summary=f"Re-encrypted {len(changed)} document numbers with the "
                                     "current keys", changes={"ids": changed})


class Command(BaseCommand):
    help = ("Re-encrypt every stored document number with the first key of "
            "DOCUMENT_ENCRYPTION_KEYS; safe to run again.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500,
                            help="rows per transaction (default 500)")

    def handle(self, *args, batch_size: int, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        unreadable = 0
        for label, field, digest_field in documents.ENCRYPTED_FIELDS:
            counts = reencrypt_field(label, field, digest_field, batch_size=batch_size)
            unreadable += counts.unreadable
            self.stdout.write(f"{label.lower()}.{field}: {counts.reencrypted} re-encrypted, "
                              f"{counts.rehashed} re-hashed, {counts.current} already current, "
                              f"{counts.unreadable} unreadable")
        if unreadable:
            raise CommandError(f"{unreadable} document numbers are opened by no configured key "
                               "(their records are in the log): keep the old keys until they are "
                               "fixed")
