"""Send each user an e-mail of what is new in their work queue (counts only): run it from cron,
e.g. every ten minutes. Nothing is sent where no SMTP server is configured (EMAIL_HOST)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from corridor.access import notify


class Command(BaseCommand):
    help = "E-mail each user what is new in their work queue (counts only)."

    def handle(self, *args, **options) -> None:
        if not notify.configured():
            self.stdout.write("No SMTP server configured (EMAIL_HOST): nothing sent.")
            return
        outcome = notify.send_digests()
        self.stdout.write(f"{outcome.sent} e-mail(s) sent, {outcome.failed} failed")
