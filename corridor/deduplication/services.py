"""Deduplication of the registry: runs (the background job), clusters, merges and their undoing
(the check made when a person is registered is in `checks`). ADR 0041 says why merging links records
instead of moving what hangs on them.

Every write checks `registry.dedupe` in the offices of the people it touches, names its actor and
is audited in its transaction. A merge names the version of every record it read: a record edited
since the reviewer opened the cluster refuses the merge (VersionConflict).
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.deduplication import records
from corridor.deduplication.models import (
    ClusterMember,
    ClusterStatus,
    DedupCluster,
    DedupRun,
    RegistrationCheck,
    RunStatus,
)
from corridor.deduplication.policies import dedupe_offices, may_dedupe_all
from corridor.registry.models import Person
from corridor.tasks import workers

log = logging.getLogger(__name__)

# Progress: reading the records is 0-30 %, the engine 30-80 %, explaining the clusters 80-95 %.
READ_END, ENGINE_END, EXPLAIN_END = 30, 80, 95
# A run of another host's worker silent this long is taken for dead. The longest silence of a
# live worker is the engine's comparison (about 30 s a million records): an hour is ample.
STALE_AFTER = dt.timedelta(hours=1)


# -- runs ------------------------------------------------------------------------------------

@transaction.atomic
def run_request(*, actor) -> DedupRun:
    """Queue a run over the standing records of every office the actor may deduplicate."""
    offices = list(dedupe_offices(actor))
    if not offices:
        raise PermissionDenied("You cannot deduplicate the registry.")
    active = DedupRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
                                     offices__in=offices).distinct().first()
    if active is not None:
        raise ValidationFailed([{"field": "run", "message":
                                 f"run {active.pk} over these offices is still {active.status}"}])
    run = DedupRun.objects.create(requested_by=actor, stage="queued")
    run.offices.set(offices)
    # Queued in this transaction: the run and its task exist together or not at all.
    execute_run.enqueue(run.pk)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=run,
                 summary=f"Deduplication queued over {len(offices)} office(s)")
    return run


def _progress(run: DedupRun, percent: int, stage: str, **counts) -> None:
    """Written at once (outside any transaction of the run) so that the page sees it."""
    percent = max(0, min(100, int(percent)))
    DedupRun.objects.filter(pk=run.pk).update(progress=percent, stage=stage[:100],
                                              heartbeat_at=timezone.now(), **counts)
    run.progress, run.stage = percent, stage
    for name, value in counts.items():
        setattr(run, name, value)


def recover_interrupted() -> list[int]:
    """Runs left "running" by a worker that is gone are marked failed, so that the page says so
    and a new run may start; a worker calls this when it starts. A worker of this host is gone
    when its process no longer exists (killed, machine restarted); one of another host, which
    cannot be asked, when it has not reported for STALE_AFTER."""
    stale = timezone.now() - STALE_AFTER
    failed = []
    for run in DedupRun.objects.filter(status=RunStatus.RUNNING):
        verdict = workers.gone(run.worker)
        if verdict is False or (verdict is None
                                and (run.heartbeat_at or run.started_at or run.created_at) > stale):
            continue
        # Conditional, like the claim: a run finished meanwhile is left as it is.
        if DedupRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING, worker=run.worker).update(
                status=RunStatus.FAILED, stage="failed", finished_at=timezone.now(),
                error="Interrupted: the worker running it stopped. Start a new run."):
            failed.append(run.pk)
    return failed


@task()
def execute_run(run_id: int) -> None:
    """The background task (ADR 0044): run the queued run `run_id`, unless another worker took it.
    Its state is the run's row, which the pages read."""
    run = claim(run_id)
    if run is not None:
        run_execute(run)


def claim(run_id: int) -> DedupRun | None:
    """Take the queued run `run_id`. The conditional UPDATE is the lock: of two workers given the
    same run, only one changes its status (works alike on SQLite and PostgreSQL)."""
    now = timezone.now()
    claimed = DedupRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, stage="starting",
        worker=workers.this_worker())
    return DedupRun.objects.get(pk=run_id) if claimed else None


def _components(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components of the pairs (union-find), each sorted, largest first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return sorted((sorted(g, key=int) for g in groups.values()), key=lambda g: (-len(g), int(g[0])))


def _already_decided(member_sets: list[frozenset[int]], chunk: int = 5000
                     ) -> set[frozenset[int]]:
    """Member sets already proposed or rejected by an earlier run: not proposed again."""
    ids = sorted({i for s in member_sets for i in s})
    earlier: dict[int, set[int]] = {}
    for start in range(0, len(ids), chunk):  # bounded IN lists (SQLite's variable limit)
        for cluster_id, person_id in ClusterMember.objects.filter(
                person_id__in=ids[start:start + chunk],
                cluster__status__in=[ClusterStatus.PROPOSED, ClusterStatus.REJECTED]
        ).values_list("cluster_id", "person_id"):
            earlier.setdefault(cluster_id, set()).add(person_id)
    if earlier:  # a cluster only partly seen above has members outside these sets
        for cluster_id, person_id in ClusterMember.objects.filter(
                cluster_id__in=list(earlier)).values_list("cluster_id", "person_id"):
            earlier[cluster_id].add(person_id)
    known = {frozenset(s) for s in earlier.values()}
    return {s for s in member_sets if s in known}


def _store_clusters(run: DedupRun, groups: list[list[str]],
                    probability: dict[tuple[str, str], float],
                    explanations: dict[str, dict], batch: int = 500) -> None:
    """Each group with the pairs inside it, in batches (a large run has thousands)."""
    where = {member: index for index, group in enumerate(groups) for member in group}
    inside: list[list[list]] = [[] for _ in groups]
    for (a, b), p in sorted(probability.items()):
        if a in where and where[a] == where.get(b):
            inside[where[a]].append([int(a), int(b), p])
    for start in range(0, len(groups), batch):
        clusters = DedupCluster.objects.bulk_create([
            DedupCluster(
                run=run, size=len(group), pairs=pairs,
                max_probability=Decimal(str(round(max(p for *_, p in pairs), 6))),
                explanations={f"{a}-{b}": explanations[f"{a}-{b}"] for a, b, _ in pairs
                              if f"{a}-{b}" in explanations})
            for group, pairs in zip(groups[start:start + batch], inside[start:start + batch],
                                    strict=True)])
        ClusterMember.objects.bulk_create([
            ClusterMember(cluster=cluster, person_id=int(i))
            for cluster, group in zip(clusters, groups[start:start + batch], strict=True)
            for i in group])


def run_execute(run: DedupRun) -> DedupRun:
    """Read the records, let the engine pair them, group the pairs into clusters, explain each
    cluster's pairs and store them. Failures are recorded on the run, never raised."""
    try:
        people = Person.objects.filter(office__in=run.offices.all(), merged_into__isnull=True)
        total = people.count()
        _progress(run, 1, f"reading {total} records", records_count=total)
        frame = records.people_frame(people, progress=lambda n: _progress(
            run, 1 + (READ_END - 1) * n // max(total, 1), f"read {n} of {total} records"))
        _progress(run, READ_END, "comparing records")
        # The file's codes and frequencies, counted once: the pairs are ranked with them and
        # then explained as they were ranked.
        scores = records.file_scores(frame)
        pairs = records.dedupe(scores)
        _progress(run, ENGINE_END, "grouping pairs into clusters", pairs_count=len(pairs))
        probability = {(r.id_l, r.id_r): float(r.match_probability)
                       for r in pairs.itertuples(index=False)}
        groups = _components(probability)
        skip = _already_decided([frozenset(int(i) for i in g) for g in groups])
        groups = [g for g in groups if frozenset(int(i) for i in g) not in skip]
        explanations: dict[str, dict] = {}
        # Explained in slices so that progress moves on large runs.
        step = 50
        for start in range(0, len(groups), step):
            explanations.update(records.explain_groups(scores, groups[start:start + step]))
            _progress(run, ENGINE_END + (EXPLAIN_END - ENGINE_END) * (start + step)
                      // max(len(groups), 1), f"explained {min(start + step, len(groups))} of "
                      f"{len(groups)} clusters")
        with transaction.atomic():
            _store_clusters(run, groups, probability, explanations)
        DedupRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE, progress=100, stage="done", clusters_count=len(groups),
            finished_at=timezone.now())
        audit_record(actor=run.requested_by, action=AuditAction.UPDATE, obj=run,
                     summary=f"Deduplication done: {total} records, {len(pairs)} pairs, "
                             f"{len(groups)} clusters")
    except Exception as exc:  # the job records any failure for the user; the worker goes on
        # The exception's text may quote a record's values (a date, a name): the log and the run
        # page get its kind and where it happened, never its message.
        where = "".join(traceback.format_tb(exc.__traceback__, limit=-3))
        log.error("deduplication run %s failed: %s\n%s", run.pk, type(exc).__name__, where)
        DedupRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, stage="failed", finished_at=timezone.now(),
            error=f"{type(exc).__name__}: the run stopped; the server log says where.")
    run.refresh_from_db()
    return run


# -- clusters --------------------------------------------------------------------------------

def _members_in_scope(actor, cluster: DedupCluster, *, lock: bool = False) -> list[Person]:
    ids = list(cluster.members.values_list("person_id", flat=True))
    people = Person.objects.filter(pk__in=ids).order_by("pk")
    if lock:
        people = people.select_for_update()
    people = list(people)
    if not may_dedupe_all(actor, {p.office_id for p in people}):  # one query, not one a record
        raise NotFound("No such cluster")
    return people


def _audit_people(actor, people: list[Person], cluster: DedupCluster, what: str,
                  before: int | None, after: int | None) -> None:
    for person in people:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=person,
                     summary=f"{what} (cluster {cluster.pk})",
                     changes={"merged_into": [before, after]})


@transaction.atomic
def cluster_merge(*, actor, cluster: DedupCluster, expected_version: int, standing_id: int,
                  versions: dict[int, int], reason: str = "") -> DedupCluster:
    """Point every other record of the cluster at the one that stands. Nothing is deleted: each
    registration keeps its documents, phones, consents, cases and history (ADR 0041)."""
    people = _members_in_scope(actor, cluster, lock=True)
    by_id = {p.pk: p for p in people}
    problems = []
    if cluster.status not in (ClusterStatus.PROPOSED, ClusterStatus.UNDONE):
        problems.append({"field": "status", "message": "this cluster was already decided"})
    if standing_id not in by_id:
        problems.append({"field": "standing", "message": "choose a record of the cluster"})
    merged_elsewhere = [p for p in people if p.merged_into_id]
    if merged_elsewhere:
        problems.append({"field": "standing", "message": "already merged since the run: " +
                         ", ".join(f"#{p.pk}" for p in merged_elsewhere)})
    missing = [pk for pk in by_id if pk not in versions]
    if missing:
        problems.append({"field": "versions", "message": "the version read of every record is "
                         "needed: " + ", ".join(f"#{pk}" for pk in missing)})
    if problems:
        raise ValidationFailed(problems)
    # Any record edited since the reviewer read it refuses the whole merge.
    for person in people:
        if person.version != versions[person.pk]:
            raise VersionConflict(person.version)
    standing = by_id[standing_id]
    cluster = versioned_update(cluster, expected_version=expected_version, changes={
        "status": ClusterStatus.MERGED, "standing": standing, "reason": reason.strip(),
        "decided_by": actor, "decided_at": timezone.now()})
    others = [p for p in people if p.pk != standing_id]
    for person in others:
        versioned_update(person, expected_version=versions[person.pk],
                         changes={"merged_into": standing})
    ClusterMember.objects.filter(cluster=cluster, person__in=others).update(merged=True)
    _audit_people(actor, others, cluster, f"Merged into #{standing_id}", None, standing_id)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=cluster,
                 office_id=standing.office_id,
                 summary=f"Cluster merged into #{standing_id}: {len(others)} record(s)",
                 changes={"status": [ClusterStatus.PROPOSED, ClusterStatus.MERGED]})
    return cluster


@transaction.atomic
def cluster_reject(*, actor, cluster: DedupCluster, expected_version: int,
                   reason: str) -> DedupCluster:
    people = _members_in_scope(actor, cluster)
    problems = []
    if not reason.strip():
        problems.append({"field": "reason", "message": "say why these are different people"})
    if cluster.status not in (ClusterStatus.PROPOSED, ClusterStatus.UNDONE):
        problems.append({"field": "status", "message": "this cluster was already decided"})
    if problems:
        raise ValidationFailed(problems)
    before = cluster.status
    cluster = versioned_update(cluster, expected_version=expected_version, changes={
        "status": ClusterStatus.REJECTED, "reason": reason.strip(), "decided_by": actor,
        "decided_at": timezone.now()})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=cluster,
                 office_id=people[0].office_id if people else None,
                 summary="Cluster rejected: not the same person",
                 changes={"status": [before, ClusterStatus.REJECTED], "reason": "changed"})
    return cluster


@transaction.atomic
def cluster_undo(*, actor, cluster: DedupCluster, expected_version: int,
                 reason: str) -> DedupCluster:
    """Clear what this merge set, and only that: every record stands again as it was."""
    people = _members_in_scope(actor, cluster, lock=True)
    problems = []
    if not reason.strip():
        problems.append({"field": "reason", "message": "say why the merge is undone"})
    if cluster.status != ClusterStatus.MERGED:
        problems.append({"field": "status", "message": "only a merged cluster can be undone"})
    merged_ids = set(cluster.members.filter(merged=True).values_list("person_id", flat=True))
    moved = [p for p in people if p.pk in merged_ids and p.merged_into_id != cluster.standing_id]
    if moved:
        problems.append({"field": "standing", "message": "changed since the merge: " +
                         ", ".join(f"#{p.pk}" for p in moved)})
    if problems:
        raise ValidationFailed(problems)
    standing_id = cluster.standing_id
    restored = [p for p in people if p.pk in merged_ids]
    for person in restored:
        # Locked above, so its current version is the one we hold.
        versioned_update(person, expected_version=person.version, changes={"merged_into": None})
    ClusterMember.objects.filter(cluster=cluster).update(merged=False)
    _audit_people(actor, restored, cluster, f"Merge into #{standing_id} undone",
                  standing_id, None)
    cluster = versioned_update(cluster, expected_version=expected_version, changes={
        "status": ClusterStatus.UNDONE, "reason": reason.strip(), "decided_by": actor,
        "decided_at": timezone.now()})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=cluster,
                 office_id=people[0].office_id if people else None,
                 summary=f"Merge into #{standing_id} undone: {len(restored)} record(s) restored",
                 changes={"status": [ClusterStatus.MERGED, ClusterStatus.UNDONE],
                          "reason": "changed"})
    return cluster


# -- review of a registration check ------------------------------------------------------------

@transaction.atomic
def review_from_check(*, actor, check: RegistrationCheck) -> DedupCluster:
    """The duplicates a registration check found, as a cluster to review like a run's: a run of
    its own over the person's office (marked as coming from the check), one cluster of the person
    and the matches still standing in the actor's scope, its pairs explained as a run explains."""
    person = check.person
    matched = {int(pk): float(p) for pk, p in check.matches}
    members = list(Person.objects.filter(pk__in=[person.pk, *matched], merged_into__isnull=True)
                   .filter(office__in=dedupe_offices(actor)))
    if person.pk not in {m.pk for m in members} or len(members) < 2:
        raise NotFound("No such registration check")
    run = DedupRun.objects.create(requested_by=actor, status=RunStatus.DONE, progress=100,
                                  stage=f"registration check of {person.pk}",
                                  records_count=len(members), clusters_count=1,
                                  started_at=timezone.now(), finished_at=timezone.now())
    run.offices.set({m.office_id for m in members})
    ids = sorted(str(m.pk) for m in members)
    probability = {tuple(sorted((str(person.pk), str(pk)))): p for pk, p in matched.items()
                   if str(pk) in ids}
    scores = records.file_scores(records.people_frame(Person.objects.filter(
        pk__in=[m.pk for m in members])))
    explanations = records.explain_groups(scores, [ids]) if scores is not None else {}
    _store_clusters(run, [ids], probability, explanations)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=run,
                 summary=f"Review of the registration check of person {person.pk}")
    return run.clusters.get()
