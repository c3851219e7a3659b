"""Loading many published items at once (the demo, the benchmark): each snapshot checked as the
services check it, then items, revisions, history, countries, subjects and index entries written in
batches, with one audit event for the load. Not a path for editors' work: no review happens."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.portal import content, vocab
from corridor.portal.models import (
    Item,
    ItemCountry,
    ItemSubject,
    Kind,
    PublicChange,
    ResearcherConsent,
    Revision,
    RevisionState,
    Status,
)
from corridor.portal.search import indexing

BATCH = 2000


def load_published(rows: list[dict], *, actor=None, is_demo: bool = True, summary: str = "",
                   when: dt.datetime | None = None) -> int:
    """`rows`: {"kind", "slug", "source_language", "data"} each. Returns how many were written."""
    when = when or timezone.now()
    for start in range(0, len(rows), BATCH):
        with transaction.atomic():
            _batch(rows[start:start + BATCH], actor, is_demo, when)
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.CREATE, object_type="portal.item",
                     summary=(summary or f"Portal: {len(rows)} items loaded")[:255])
    return len(rows)


def _batch(rows: list[dict], actor, is_demo: bool, when: dt.datetime) -> None:
    snapshots = [content.clean_snapshot(row["kind"], row["source_language"], row["data"]) for row in rows]
    items = [Item(kind=row["kind"], slug=row["slug"], status=Status.PUBLISHED,
                  source_language=row["source_language"], title=s["title"], summary=s["summary"],
                  body=s["body"], details=s["details"], year=s["year"],
                  date=dt.date.fromisoformat(s["date"]) if s["date"] else None,
                  end_date=dt.date.fromisoformat(s["end_date"]) if s["end_date"] else None,
                  live_from=row.get("live_from", when), first_published_at=row.get("live_from", when),
                  updated_at=row.get("live_from", when), is_demo=is_demo,
                  listed=row["kind"] != Kind.RESEARCHER or row.get("consent", False))
             for row, s in zip(rows, snapshots, strict=True)]
    Item.objects.bulk_create(items, batch_size=500)
    if any(item.pk is None for item in items):  # a backend that does not return ids
        by_slug = dict(Item.objects.filter(slug__in=[i.slug for i in items]).values_list("slug", "pk"))
        for item in items:
            item.pk = by_slug[item.slug]
    user = actor if getattr(actor, "pk", None) else None
    Revision.objects.bulk_create([Revision(item=item, number=1, data=s, state=RevisionState.PUBLISHED,
                                           author=user, reviewed_by=user, publish_at=item.live_from,
                                           created_at=item.live_from)
                                  for item, s in zip(items, snapshots, strict=True)], batch_size=500)
    PublicChange.objects.bulk_create([PublicChange(item=item, revision=1, at=item.live_from,
                                                   languages=content.languages_of(s))
                                      for item, s in zip(items, snapshots, strict=True)], batch_size=500)
    ItemCountry.objects.bulk_create([ItemCountry(item=item, country=code, region=vocab.region_of(code))
                                     for item, s in zip(items, snapshots, strict=True)
                                     for code in s["countries"]], batch_size=1000)
    ItemSubject.objects.bulk_create([ItemSubject(item=item, subject=code)
                                     for item, s in zip(items, snapshots, strict=True)
                                     for code in s["subjects"]], batch_size=1000)
    ResearcherConsent.objects.bulk_create([
        ResearcherConsent(item=item, given=True, at=item.live_from, how="demo: consent assumed",
                          recorded_by=user)
        for item in items if item.kind == Kind.RESEARCHER and item.listed])
    indexing.reindex([item for item in items if item.listed])
