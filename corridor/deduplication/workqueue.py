"""Deduplication's part of the home page's work queue: new registrations the background check
found likely to be people already registered."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.access.workqueue import counted, register_source
from corridor.deduplication import selectors


def _items(user):
    findings = selectors.registration_findings(user=user)
    return [counted("deduplication.findings", _("Possible duplicates of new registrations"),
                    findings, "checked_at", reverse("deduplication:runs"))]


def register() -> None:
    register_source("deduplication", _items)
