"""Tracing's part of the home page's work queue: candidates the linkage engine proposed for a
sought person, waiting for the tracing officer's review."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from corridor.access.workqueue import QueueItem, register_source
from corridor.tracing import selectors
from corridor.tracing.models import Candidate, CandidateStatus


def _items(user):
    requests = selectors.request_list(user=user).values("pk")
    waiting = Candidate.objects.filter(sought__request__in=requests,
                                       status=CandidateStatus.PROPOSED)
    return [QueueItem("tracing.candidates", _("Tracing candidates to review"), waiting.count(),
                      reverse("tracing:request_list"),
                      waiting.aggregate(newest=Max("created_at"))["newest"])]


def register() -> None:
    register_source("tracing", _items)
