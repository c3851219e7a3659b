"""Making and publishing items in tests, through the services (as an editor and a reviewer)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from corridor.portal import services
from corridor.portal.models import Item


def users():
    User = get_user_model()
    editor, _ = User.objects.get_or_create(username="portal.editor.test")
    reviewer, _ = User.objects.get_or_create(username="portal.reviewer.test")
    return editor, reviewer


def published(kind: str, data: dict, *, language: str = "en", publish_at=None) -> Item:
    editor, reviewer = users()
    item = services.item_create(actor=editor, kind=kind, source_language=language, data=data)
    revision = services.submit_for_review(actor=editor, revision=services.latest(item))
    services.approve(actor=reviewer, revision=revision)
    services.publish(actor=reviewer, revision=revision, publish_at=publish_at)
    item.refresh_from_db()
    return item


def law(title: dict, *, country: str = "FRA", summary: dict | None = None, **details) -> dict:
    return {"title": title, "summary": summary or {}, "countries": [country],
            "subjects": ["labour_migration"], "date": "2020-05-01",
            "details": {"instrument_type": "law",
                        "versions": [{"date": "2020-05-01", "event": "enacted"}], **details}}
