"""Publication of flow imports: an upload is a draft until a reviewer other than its uploader
publishes it to the public page or sends it back with a reason (ADR 0032).

The working store takes every import at once (analysts see their figures at once); the public
store takes an import only when it is published. A publication records the public page's figures
computed from the public store then, suppressed; the page shows the latest one, so the previous
publication stays until the next.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.audit import audit_record
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.core.file_locks import held_exclusively
from corridor.core.models import AuditAction
from corridor.flows import labels, policies, selectors
from corridor.flows.models import (
    FlowPublication,
    ImportBatch,
    ImportFile,
    PublicationStatus,
)
from corridor.flows.parsing import parse_upload
from corridor.flows.public import display, figures_of
from corridor.flows.store import flow_store, public_store_path, store_path
from corridor.geo.countries import country_name
from corridor.geo.models import AdminArea
from engines.flowstats import FlowDataError, FlowStore, Gazetteer


def public_store_start() -> None:
    """Before the first import of a deployment that published everything at once (no store of
    published rows yet, no import waiting): the published rows are the working store's rows."""
    public, working = public_store_path(), store_path()
    if public.exists() or not working.exists():
        return
    if ImportBatch.objects.exclude(status=PublicationStatus.PUBLISHED).exists():
        return
    with held_exclusively(working):
        _checkpoint(working)
        with held_exclusively(public):
            if not public.exists():
                shutil.copyfile(working, public)


def _checkpoint(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _load(store: FlowStore, batch: ImportBatch) -> None:
    """Load a draft's kept file into `store` (checked as it was at import, against today)."""
    kept = ImportFile.objects.filter(batch=batch).first()
    if kept is None:
        raise ValidationFailed([{"field": "status", "message": _("This import's file is no longer kept.")}])
    parsed = parse_upload(batch.kind, bytes(kept.data), kept.filename)
    gazetteer = Gazetteer.of(AdminArea.objects.values_list("pcode", flat=True))
    try:
        store.load(batch.kind, parsed.table, gazetteer=gazetteer, today=timezone.localdate(),
                   names=[parsed.source])
    except FlowDataError as error:
        raise ValidationFailed([{"field": p.field or "file", "message": p.message}
                                for p in error.problems]) from None


@contextmanager
def _public_copy() -> Iterator[FlowStore]:
    """A scratch copy of the public store, to show what publishing would change."""
    path = public_store_path()
    with tempfile.TemporaryDirectory(prefix="corridor-flows-review-") as work:
        copy = Path(work) / "public.duckdb"
        with held_exclusively(path):
            if path.exists():
                _checkpoint(path)
                shutil.copyfile(path, copy)
        with FlowStore(copy) as store:
            yield store


# -- reading a review ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    what: str   # a country, or an area and its population type
    when: str   # a month (ISO), or the round
    before: str
    after: str


@dataclass(frozen=True)
class Review:
    batch: ImportBatch
    counts: list[Change]
    displaced: list[Change]
    refusal: str  # why this user may not decide it ("" if they may)


def _cells(figures: dict | None) -> tuple[dict, dict]:
    if not figures:
        return {}, {}
    threshold = figures["threshold"]
    counts = {(row["country"], month): display(cell["count"], cell["suppressed"], threshold)
              for row in figures["countries"] for month, cell in zip(figures["months"], row["cells"],
                                                                       strict=True)}
    displaced = {(row["pcode"], row["population_type"]): display(row["individuals"],
                                                                 row["suppressed"], threshold)
                 for row in figures["displaced"]}
    return counts, displaced


def _changes(before: dict, after: dict) -> list[tuple]:
    return [(key, before.get(key, "—"), after.get(key, "—"))
            for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]


def refusal_for(actor, batch: ImportBatch) -> str:
    """Why `actor` may not publish or send back `batch`; "" when they may."""
    if not policies.can(actor, "publish", batch.office_id):
        return _("Your role does not allow publishing flow data in that office.")
    if _own(actor, batch):
        return _("You imported this file: another analyst or the office's head reviews it.")
    if batch.status != PublicationStatus.DRAFT:
        return _("This import is no longer waiting for review.")
    return ""


def _own(actor, batch: ImportBatch) -> bool:
    return batch.created_by_id is not None and batch.created_by_id == actor.pk


def import_review(*, actor, batch_id: int) -> Review:
    """What publishing the import would change on the public page, cell by cell, as it shows them."""
    batch = selectors.import_get_for_user(user=actor, batch_id=batch_id)
    latest = FlowPublication.objects.first()
    counts_before, displaced_before = _cells(latest.figures if latest else None)
    counts_after, displaced_after = counts_before, displaced_before
    if batch.status == PublicationStatus.DRAFT:
        with _public_copy() as store:
            _load(store, batch)
            counts_after, displaced_after = _cells(figures_of(store))
    areas = dict(AdminArea.objects.filter(pcode__in={k[0] for k in displaced_before | displaced_after})
                 .values_list("pcode", "name"))
    counts = [Change(country_name(country), month[:7], old, new)
              for (country, month), old, new in _changes(counts_before, counts_after)]
    displaced = [Change(f"{areas.get(pcode, pcode)} ({pcode}) · "
                         f"{labels.value_label('population_type', population)}", "", old, new)
                 for (pcode, population), old, new in _changes(displaced_before, displaced_after)]
    return Review(batch, counts, displaced, refusal_for(actor, batch))


# -- deciding ------------------------------------------------------------------------------------

def _check_decision(actor, batch: ImportBatch) -> None:
    """Who may not decide is refused (403); an import already decided is invalid input (422)."""
    refusal = refusal_for(actor, batch)
    if not refusal:
        return
    if not policies.can(actor, "publish", batch.office_id) or _own(actor, batch):
        raise PermissionDenied(refusal)
    raise ValidationFailed([{"field": "status", "message": refusal}])


def import_publish(*, actor, batch_id: int) -> FlowPublication:
    """Load the draft into the public store and record what the public page now shows.

    Imports replace earlier rows with the same key, so they are published in the order they were
    imported: an older draft of the same kind waiting for review is decided first."""
    with transaction.atomic():
        batch = selectors.import_get_for_user(user=actor, batch_id=batch_id, lock=True)
        _check_decision(actor, batch)
        older = ImportBatch.objects.filter(kind=batch.kind, status=PublicationStatus.DRAFT,
                                           created_at__lt=batch.created_at).order_by("created_at").first()
        if older is not None:
            # Named only to a reviewer who may see it (it may be another office's).
            shown = policies.imports_visible_to(actor).filter(pk=older.pk).exists()
            raise ValidationFailed([{"field": "status", "message": _(
                "An older import of this kind waits for review (%(file)s): publish or send it "
                "back first.") % {"file": older.file_name if shown else "—"}}])
        with flow_store(public=True) as store:
            _load(store, batch)
            figures = figures_of(store)
        publication = FlowPublication.objects.create(batch=batch, published_by=actor, figures=figures)
        batch.status = PublicationStatus.PUBLISHED
        batch.reviewed_by, batch.reviewed_at = actor, timezone.now()
        batch.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        ImportFile.objects.filter(batch=batch).delete()
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=batch,
                     changes={"status": [PublicationStatus.DRAFT, PublicationStatus.PUBLISHED]},
                     summary=f"flows import {batch.file_name} published (publication {publication.pk})")
    return publication


@transaction.atomic
def import_send_back(*, actor, batch_id: int, reason: str) -> ImportBatch:
    """Refuse a draft with the reviewer's reason; it never reaches the public page."""
    batch = selectors.import_get_for_user(user=actor, batch_id=batch_id, lock=True)
    _check_decision(actor, batch)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([{"field": "reason", "message": _("Say why the import is sent back.")}])
    batch.status = PublicationStatus.SENT_BACK
    batch.reviewed_by, batch.reviewed_at, batch.review_reason = actor, timezone.now(), reason
    batch.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"])
    ImportFile.objects.filter(batch=batch).delete()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=batch,
                 changes={"status": [PublicationStatus.DRAFT, PublicationStatus.SENT_BACK]},
                 summary=f"flows import {batch.file_name} sent back: {reason[:200]}")
    return batch
