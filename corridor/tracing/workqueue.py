"""Tracing's part of the home page's work queue: candidates the linkage engine proposed for a
sought person, waiting for the tracing officer's review."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.access.workqueue import counted, register_source
from corridor.tracing import selectors
from corridor.tracing.models import Candidate, CandidateStatus


def _items(user):
    # The requests in scope as the list finds them (its permission check), without its counts.
    requests = selectors.request_list(user=user).order_by().values("pk")
    waiting = Candidate.objects.filter(sought__request__in=requests,
                                       status=CandidateStatus.PROPOSED)
    return [counted("tracing.candidates", _("Tracing candidates to review"), waiting,
                    "created_at", reverse("tracing:request_list"))]


def register() -> None:
    register_source("tracing", _items)
