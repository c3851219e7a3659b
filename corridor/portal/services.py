"""Writes of the editorial workflow (ADR 0090): draft → review → published, each save a revision,
publication (now or scheduled) applying a revision to the public item, the public change history,
researchers' consent and files. Every write names its actor and is audited in its transaction.
Permissions are checked by the editorial app's pages, which alone call these (and the demo)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from corridor.core.audit import audit_record
from corridor.core.errors import PermissionDenied, ValidationFailed
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


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed([{"field": field, "message": message}])


def _slug(kind: str, title: str) -> str:
    base = (slugify(title)[:90] or kind).strip("-") or kind
    slug, n = base, 1
    while Item.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def item_create(*, actor, kind: str, source_language: str, data: dict, note: str = "",
                is_demo: bool = False, slug: str = "") -> Item:
    if kind not in Kind.values:
        _refuse("kind", _("Unknown kind of item."))
    snapshot = content.clean_snapshot(kind, source_language, data)
    item = Item.objects.create(kind=kind, source_language=source_language,
                               slug=slug or _slug(kind, snapshot["title"][source_language]),
                               title=snapshot["title"], is_demo=is_demo,
                               listed=kind != Kind.RESEARCHER)
    Revision.objects.create(item=item, number=1, data=snapshot, author=_user(actor), note=note[:255])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=item, summary=f"Portal {kind} drafted")
    return item


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def latest(item: Item) -> Revision:
    return item.revisions.order_by("-number").first()


@transaction.atomic
def revision_save(*, actor, item: Item, data: dict, based_on: int, note: str = "") -> Revision:
    """A new draft revision from `data`; refused when someone saved another since `based_on`
    (the revision number the editor read)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    current = latest(item)
    if current.number != based_on:
        _refuse("based_on", _("Someone saved revision %(number)d since you opened revision "
                              "%(based)d: reload it and make your change again.")
                % {"number": current.number, "based": based_on})
    snapshot = content.clean_snapshot(item.kind, item.source_language, data)
    if current.state in (RevisionState.DRAFT, RevisionState.REVIEW):
        Revision.objects.filter(pk=current.pk).update(state=RevisionState.SUPERSEDED)
    revision = Revision.objects.create(item=item, number=current.number + 1, data=snapshot,
                                       author=_user(actor), note=note[:255])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=item,
                 summary=f"Portal revision {revision.number} saved",
                 changes={"revision": revision.number})
    return revision


def _open(revision: Revision, *states: str) -> Revision:
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.state not in states:
        _refuse("state", _("This revision is %(state)s: it cannot be changed so.")
                % {"state": revision.get_state_display()})
    if latest(revision.item).pk != revision.pk:
        _refuse("revision", _("A newer revision exists: work on that one."))
    return revision


@transaction.atomic
def submit_for_review(*, actor, revision: Revision) -> Revision:
    revision = _open(revision, RevisionState.DRAFT)
    revision.state = RevisionState.REVIEW
    revision.save(update_fields=["state"])
    Item.objects.filter(pk=revision.item_id, status=Status.DRAFT).update(status=Status.REVIEW)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=revision.item,
                 summary=f"Portal revision {revision.number} sent for review")
    return revision


@transaction.atomic
def send_back(*, actor, revision: Revision, note: str = "") -> Revision:
    revision = _open(revision, RevisionState.REVIEW)
    revision.state, revision.reviewed_by = RevisionState.DRAFT, None
    revision.save(update_fields=["state", "reviewed_by"])
    Item.objects.filter(pk=revision.item_id, status=Status.REVIEW).update(status=Status.DRAFT)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=revision.item,
                 summary=f"Portal revision {revision.number} sent back", changes={"note": note[:200]})
    return revision


@transaction.atomic
def approve(*, actor, revision: Revision) -> Revision:
    """A reviewer other than the revision's author approves it for publication."""
    revision = _open(revision, RevisionState.REVIEW)
    if revision.author_id and revision.author_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("Another editor reviews what you wrote."))
    revision.reviewed_by = _user(actor)
    revision.save(update_fields=["reviewed_by"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=revision.item,
                 summary=f"Portal revision {revision.number} approved")
    return revision


@transaction.atomic
def publish(*, actor, revision: Revision, publish_at: dt.datetime | None = None,
            note: str = "") -> Revision:
    """Publish an approved revision now, or at `publish_at`. A first publication is applied at
    once and is public from `publish_at`; a change to a public item waits, as a scheduled
    revision, for publish_due."""
    revision = _open(revision, RevisionState.REVIEW)
    if revision.reviewed_by_id is None:
        _refuse("state", _("Approve the revision (by a reviewer) before publishing it."))
    now = timezone.now()
    when = publish_at if publish_at and publish_at > now else now
    revision.note = (note or revision.note)[:255]
    item = Item.objects.select_for_update().get(pk=revision.item_id)
    if when > now and item.status == Status.PUBLISHED:
        revision.state, revision.publish_at = RevisionState.SCHEDULED, when
        revision.save(update_fields=["state", "publish_at", "note"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=item,
                     summary=f"Portal revision {revision.number} scheduled",
                     changes={"publish_at": when.isoformat()})
        return revision
    _apply(item, revision, when)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=item,
                 summary=f"Portal revision {revision.number} published",
                 changes={"live_from": when.isoformat()})
    return revision


def _apply(item: Item, revision: Revision, when: dt.datetime) -> None:
    data = revision.data
    Revision.objects.filter(item=item, state=RevisionState.PUBLISHED).update(
        state=RevisionState.SUPERSEDED)
    revision.state, revision.publish_at = RevisionState.PUBLISHED, when
    revision.save(update_fields=["state", "publish_at", "note"])
    for field in ("title", "summary", "body", "details", "year"):
        setattr(item, field, data.get(field) or ({} if field != "year" else None))
    item.date = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    item.end_date = dt.date.fromisoformat(data["end_date"]) if data.get("end_date") else None
    if item.status != Status.PUBLISHED:
        item.live_from = when
        item.first_published_at = item.first_published_at or when
    item.status, item.updated_at = Status.PUBLISHED, when
    item.save()
    item.countries.all().delete()
    ItemCountry.objects.bulk_create([ItemCountry(item=item, country=code, region=vocab.region_of(code))
                                     for code in data.get("countries", [])])
    item.subjects.all().delete()
    ItemSubject.objects.bulk_create([ItemSubject(item=item, subject=code)
                                     for code in data.get("subjects", [])])
    item.files.update(public=True)
    PublicChange.objects.create(item=item, revision=revision.number, at=when, note=revision.note,
                                languages=content.languages_of(data))
    _index(item)


def _index(item: Item) -> None:
    if item.status == Status.PUBLISHED and item.listed:
        indexing.reindex([item])
    else:
        indexing.unindex(item)


@transaction.atomic
def publish_due(*, now: dt.datetime | None = None) -> int:
    """Apply the scheduled revisions whose time has come (the console command and the worker's
    periodic call run this); returns how many."""
    now = now or timezone.now()
    due = list(Revision.objects.select_for_update().filter(
        state=RevisionState.SCHEDULED, publish_at__lte=now).order_by("publish_at", "pk"))
    for revision in due:
        _apply(revision.item, revision, revision.publish_at)
        audit_record(actor=None, action=AuditAction.UPDATE, obj=revision.item,
                     summary=f"Portal revision {revision.number} published as scheduled")
    return len(due)


@transaction.atomic
def withdraw(*, actor, item: Item, note: str) -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    item.status = Status.WITHDRAWN
    item.save(update_fields=["status"])
    indexing.unindex(item)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=item, summary="Portal item withdrawn",
                 changes={"note": note[:200]})
    return item


@transaction.atomic
def consent_record(*, actor, item: Item, given: bool, how: str) -> ResearcherConsent:
    """Record a researcher's consent to be listed (or its withdrawal): the listing follows in the
    same transaction, and a withdrawal takes the researcher out of the index at once."""
    if item.kind != Kind.RESEARCHER:
        _refuse("kind", _("Only researchers give consent to be listed."))
    if not (how or "").strip():
        _refuse("how", _("Say how the consent (or its withdrawal) was given."))
    item = Item.objects.select_for_update().get(pk=item.pk)
    record = ResearcherConsent.objects.create(item=item, given=given, how=how.strip()[:255],
                                              recorded_by=_user(actor))
    item.listed = given
    item.save(update_fields=["listed"])
    _index(item)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=item,
                 summary="Researcher consent " + ("recorded" if given else "withdrawn"))
    return record


def next_number(item: Item) -> int:
    return (item.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
