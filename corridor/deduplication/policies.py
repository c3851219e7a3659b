"""Who deduplicates what: the office scope of registry.dedupe. A cluster is seen, merged or undone
only by someone whose scope holds every one of its records."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from corridor.access.policies import office_ids_for, offices_for
from corridor.deduplication.models import ClusterMember, DedupRun


def dedupe_offices(user):
    return offices_for(user, "registry.dedupe")


def dedup_runs_visible_to(user):
    """Runs over any office the user may deduplicate; their clusters by `clusters_visible_to`."""
    return DedupRun.objects.filter(offices__in=dedupe_offices(user)).distinct()


def clusters_visible_to(user, clusters):
    """`clusters` narrowed, in the database, to those whose every record is in the user's
    deduplication scope (a run over a million records proposes tens of thousands)."""
    outside = ClusterMember.objects.filter(cluster=OuterRef("pk")).exclude(
        person__office__in=dedupe_offices(user))
    return clusters.filter(~Exists(outside))


def may_dedupe_all(user, office_ids) -> bool:
    """Every record of a cluster must be in the user's deduplication scope to be seen or merged."""
    return set(office_ids) <= set(office_ids_for(user, "registry.dedupe"))
