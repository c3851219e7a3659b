"""Deduplication of the registry: runs over offices, the clusters they propose, and the check made
when a person is registered (ADR 0041).

The tables kept their names from when this lived in the tracing app until migration 0002 renamed
them; the audit trail's older events name these objects `tracing.deduprun` and so on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.access.models import Office
from corridor.core.models import VersionedModel
from corridor.registry.models import Person


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DedupRun(models.Model):
    """One deduplication of the registry over the offices its requester may deduplicate.

    The row is also the job: the worker (`manage.py corridor_worker`) claims queued runs, writes
    progress as it goes, and records counts or the error (ADR 0041)."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    offices = models.ManyToManyField(Office, related_name="+", verbose_name=_("offices"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices,
                              default=RunStatus.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    records_count = models.PositiveIntegerField(_("records compared"), default=0)
    pairs_count = models.PositiveIntegerField(_("pairs found"), default=0)
    clusters_count = models.PositiveIntegerField(_("clusters proposed"), default=0)
    error = models.TextField(_("error"), blank=True)
    # "host:pid" of the worker process running it: a run whose worker died can be told apart.
    worker = models.CharField(max_length=100, blank=True, editable=False)
    # When the worker last reported (claim, progress): a run of another host's worker that
    # stopped reporting long ago is taken for dead (dedup.STALE_AFTER).
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("deduplication run")

    def __str__(self) -> str:
        return f"dedup run {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class ClusterStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    MERGED = "merged", _("Merged")
    REJECTED = "rejected", _("Rejected")
    UNDONE = "undone", _("Merge undone")


class DedupCluster(VersionedModel):
    """Records the engine judged to be one person: a connected component of its pairs."""

    run = models.ForeignKey(DedupRun, on_delete=models.CASCADE, related_name="clusters")
    status = models.CharField(_("status"), max_length=10, choices=ClusterStatus.choices,
                              default=ClusterStatus.PROPOSED, db_index=True)
    size = models.PositiveSmallIntegerField(_("records"))
    max_probability = models.DecimalField(_("highest probability"), max_digits=7,
                                          decimal_places=6)
    # [[person id, person id, probability], ...]: the pairs that joined the component.
    pairs = models.JSONField(default=list)
    # "<id>-<id>" -> the engine's explanation of that pair, computed by the run.
    explanations = models.JSONField(default=dict, blank=True)
    standing = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("record that stands"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-max_probability", "id"]
        verbose_name = _("duplicate cluster")

    def __str__(self) -> str:
        return f"cluster {self.pk}"

    @property
    def person_ids(self) -> list[int]:
        """Its records' ids in order (reads the members, or their prefetch)."""
        return sorted(m.person_id for m in self.members.all())


class ClusterMember(models.Model):
    cluster = models.ForeignKey(DedupCluster, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # Set on the records this cluster's merge pointed at the standing one, so that undoing it
    # clears exactly those (and none merged by anything else).
    merged = models.BooleanField(default=False)

    class Meta:
        ordering = ["person_id"]
        constraints = [models.UniqueConstraint(fields=["cluster", "person"],
                                               name="dedup_cluster_member_unique")]

    def __str__(self) -> str:
        return f"{self.cluster_id}:{self.person_id}"


class RegistrationCheck(models.Model):
    """The fuzzy duplicate check of a new registration (ADR 0041): pending until the background
    worker has scored it (`checked_at` empty), in the scope of who registered the person."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    queued_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # [[person id, probability], ...], best first.
    matches = models.JSONField(default=list)

    class Meta:
        verbose_name = _("registration check")

    def __str__(self) -> str:
        return f"check of {self.person_id}"
