"""`manage.py corridor_reencrypt_documents`: re-encrypt every stored document number with the
first key of DOCUMENT_ENCRYPTION_KEYS, after a new key was put first (key rotation).

Batched (each batch one transaction, its rows locked), idempotent (a number the first key already
opens is left alone), audited (one event per batch naming the records). A number no configured
key opens is counted and logged by record id, never by value, and makes the command end non-zero:
the old key must not be removed while such numbers remain.
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
    current: int = 0
    unreadable: int = 0


def reencrypt_field(label: str, field: str, *, batch_size: int) -> Counts:
    model = apps.get_model(label)
    counts = Counts()
    after = 0
    while True:
        with transaction.atomic():
            rows = list(model.objects.select_for_update().filter(pk__gt=after)
                        .exclude(**{field: ""}).order_by("pk")
                        .values_list("pk", field)[:batch_size])
            if not rows:
                return counts
            after = rows[-1][0]
            changed = []
            for pk, token in rows:
                if documents.is_current(token):
                    counts.current += 1
                    continue
                try:
                    fresh = documents.rotate(token)
                except InvalidToken:
                    counts.unreadable += 1
                    log.warning("%s %s: no configured key opens its document number", label, pk)
                    continue
                model.objects.filter(pk=pk).update(**{field: fresh})
                changed.append(pk)
            if changed:
                counts.reencrypted += len(changed)
                audit_record(actor=None, action=AuditAction.UPDATE,
                             object_type=model._meta.label_lower,
                             summary=f"Re-encrypted {len(changed)} document numbers with the "
                                     "current key", changes={"ids": changed})


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
        for label, field in documents.ENCRYPTED_FIELDS:
            counts = reencrypt_field(label, field, batch_size=batch_size)
            unreadable += counts.unreadable
            self.stdout.write(f"{label.lower()}.{field}: {counts.reencrypted} re-encrypted, "
                              f"{counts.current} already current, {counts.unreadable} unreadable")
        if unreadable:
            raise CommandError(f"{unreadable} document numbers are opened by no configured key "
                               "(their records are in the log): keep the old keys until they are "
                               "fixed")
