"""E-mail of what waits for each user (issue 18, item 11): when something new arrived in their
work queue since the last e-mail (or since they last looked at the home page), one message with
the queue's counts and a link to the home page. Counts and labels only, never a name or a
record: an e-mail leaves the system, so it carries nothing personal. Written in the language
the user last chose. Run by `manage.py corridor_notify` (cron, every few minutes); nothing is sent
where no SMTP server is configured (settings.EMAIL_HOST)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from corridor.access.models import User
from corridor.access.workqueue import QueueItem, fresh_keys, queue_for

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    sent: int
    failed: int


def configured() -> bool:
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != (
        "django.core.mail.backends.smtp.EmailBackend")


def message_for(user: User, items: list[QueueItem], fresh: set[str]) -> EmailMessage:
    """The e-mail to `user`: what is new first, then the rest of what waits. Called in the
    user's language (the queue's labels are worded when it is counted)."""
    new = [i for i in items if i.key in fresh]
    subject = ngettext("Corridor: %(count)d new item in your work",
                       "Corridor: %(count)d new items in your work", len(new)) % {
        "count": len(new)}
    lines = [_("Hello %(name)s,") % {"name": user.get_full_name() or user.get_username()}, "",
             _("New since the last message:")]
    lines += [f"  • {i.label}: {i.count}" for i in new]
    rest = [i for i in items if i.key not in fresh]
    if rest:
        lines += ["", _("Also waiting:")] + [f"  • {i.label}: {i.count}" for i in rest]
    lines += ["", _("See it all on your home page: %(url)s")
              % {"url": (settings.SITE_URL or "http://127.0.0.1:8000") + reverse("access:home")}, "",
              _("This message names no one: sign in to see the records.")]
    return EmailMessage(subject=subject, body="\n".join(lines), to=[user.email])


def send_digests(*, now: datetime.datetime | None = None) -> Outcome:
    """One e-mail to each active user with an address and something new in their queue since
    `notified_at`; `notified_at` moves on only for those whose e-mail went out."""
    now = now or timezone.now()
    sent = failed = 0
    users = User.objects.filter(is_active=True).exclude(email="")
    with get_connection() as connection:
        for user in users.iterator():
            with translation.override(user.language or settings.LANGUAGE_CODE):
                items = queue_for(user)
                fresh = fresh_keys(items, user.notified_at)
                message = message_for(user, items, fresh) if fresh else None
            if message is None:
                continue
            try:
                connection.send_messages([message])
            except OSError:  # smtplib's errors are OSErrors: one address failing stops no one else
                failed += 1
                logger.warning("work-queue e-mail to user %s failed", user.pk)
                continue
            with transaction.atomic():
                User.objects.filter(pk=user.pk).update(notified_at=now)
            sent += 1
    return Outcome(sent, failed)


def remember_language(user, language: str) -> None:
    """Keep the language the user chose, for their e-mails (one write when it changes)."""
    if user.is_authenticated and language and getattr(user, "language", None) != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
