"""Deduplication: a real run through the worker, clusters in scope, merge, stale merge, undo,
rejection remembered, consent across merged records, the registration check."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.models import AuditEvent
from corridor.core.versioning import versioned_update
from corridor.deduplication import checks, selectors
from corridor.deduplication import services as dedup
from corridor.deduplication.models import (
    ClusterMember,
    ClusterStatus,
    DedupCluster,
    DedupRun,
    RegistrationCheck,
    RunStatus,
)
from corridor.registry import selectors as registry_selectors
from corridor.registry.models import DatePrecision, Person, Sex
from corridor.tracing import linkage, services
from corridor.tracing.tests.conftest import propose, register, run_worker


def done_run(officer) -> DedupRun:
    run = dedup.run_request(actor=officer)
    assert run.status == RunStatus.QUEUED and run.progress == 0
    assert "1 task(s) run" in run_worker()
    run.refresh_from_db()
    return run


def the_cluster(run: DedupRun, *people) -> DedupCluster:
    ids = {p.pk for p in people}
    for cluster in run.clusters.all():
        if set(cluster.members.values_list("person_id", flat=True)) == ids:
            return cluster
    raise AssertionError(f"no cluster {sorted(ids)} in {[c.pairs for c in run.clusters.all()]}")


def versions_of(cluster: DedupCluster) -> dict[int, int]:
    return dict(Person.objects.filter(pk__in=cluster.members.values("person_id"))
                .values_list("pk", "version"))


def test_a_run_finds_the_duplicates_in_scope_with_progress_and_explanations(
        org, officer, duplicates, filler):
    first, second, outside = duplicates
    run = done_run(officer)
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100 and run.finished_at is not None
    in_scope = Person.objects.filter(office__in=[org.country_a, org.sub_a])
    assert run.records_count == in_scope.count()
    assert set(run.offices.values_list("pk", flat=True)) == {org.country_a.pk, org.sub_a.pk}
    cluster = the_cluster(run, first, second)
    assert cluster.status == ClusterStatus.PROPOSED and cluster.size == 2
    assert float(cluster.max_probability) > 0.5
    # The pair is explained field by field, as the review shows it.
    explanation = cluster.explanations[f"{first.pk}-{second.pk}"]
    fields = {f["field"]: f for f in explanation["fields"]}
    assert fields["birth_date"]["category"] in ("near", "match")
    assert fields["family_name"]["category"] in ("near", "match")
    # ... with the probability the run proposed it with (the file's name frequencies included).
    ranked = {frozenset((str(a), str(b))): float(p) for a, b, p in cluster.pairs}
    proposed = ranked[frozenset((str(first.pk), str(second.pk)))]
    assert abs(explanation["match_probability"] - proposed) < 1e-4
    # Nobody outside the requester's offices was read or clustered.
    members = set(ClusterMember.objects.filter(cluster__run=run)
                  .values_list("person_id", flat=True))
    assert outside.pk not in members
    assert run.clusters_count == run.clusters.count()
    assert AuditEvent.objects.filter(object_type="deduplication.deduprun", object_id=str(run.pk),
                                     summary__startswith="Deduplication done").exists()


@pytest.mark.parametrize("people", [0, 1])
def test_a_run_with_fewer_than_two_records_finishes_with_no_clusters(org, officer, people):
    for i in range(people):
        register(org.country_a, f"Given{i}", "Family")
    run = done_run(officer)
    assert (run.status, run.progress, run.records_count, run.clusters_count) == (
        RunStatus.DONE, 100, people, 0)


def test_only_tracing_officers_deduplicate_and_one_run_at_a_time(org, cast, officer):
    with pytest.raises(PermissionDenied):
        dedup.run_request(actor=cast["case_worker"])
    dedup.run_request(actor=officer)
    with pytest.raises(ValidationFailed, match="still queued"):
        dedup.run_request(actor=officer)


def test_two_workers_cannot_claim_the_same_run(officer):
    run = dedup.run_request(actor=officer)
    assert dedup.claim(run.pk).pk == run.pk
    assert dedup.claim(run.pk) is None
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING


def test_a_run_whose_worker_died_is_failed_when_a_worker_starts_and_a_new_run_may_start(
        officer):
    import socket
    import subprocess
    import sys

    run = dedup.run_request(actor=officer)
    dedup.claim(run.pk)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that no longer runs
    host = socket.gethostname()
    DedupRun.objects.filter(pk=run.pk).update(worker=f"{host}:{gone.pid}")
    with pytest.raises(ValidationFailed, match="still running"):
        dedup.run_request(actor=officer)

    assert "failed (its worker had stopped)" in run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "Interrupted" in run.error
    assert dedup.run_request(actor=officer).status == RunStatus.QUEUED


def test_runs_of_a_live_worker_or_another_host_are_left_alone(officer):
    import os
    import socket

    run = dedup.run_request(actor=officer)
    dedup.claim(run.pk)
    for worker in (f"{socket.gethostname()}:{os.getpid()}", "another-host:1"):
        DedupRun.objects.filter(pk=run.pk).update(worker=worker)
        assert dedup.recover_interrupted() == []
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING


def test_a_run_of_another_host_silent_for_long_is_failed(officer):
    from django.utils import timezone

    run = dedup.run_request(actor=officer)
    dedup.claim(run.pk)
    run.refresh_from_db()
    assert run.heartbeat_at is not None  # the claim reports
    quiet = timezone.now() - dedup.STALE_AFTER + dt.timedelta(minutes=5)
    DedupRun.objects.filter(pk=run.pk).update(worker="another-host:1", heartbeat_at=quiet)
    assert dedup.recover_interrupted() == []  # silent, but not for long enough
    DedupRun.objects.filter(pk=run.pk).update(heartbeat_at=quiet - dt.timedelta(minutes=10))
    assert dedup.recover_interrupted() == [run.pk]
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "Interrupted" in run.error


def test_merge_keeps_every_registration_and_undo_restores_them(org, officer, duplicates,
                                                               client_for):
    first, second, _outside = duplicates
    assert [pk for pk, _p in checks.registration_check(actor=officer, person=second)] == [first.pk]
    cluster = the_cluster(done_run(officer), first, second)
    versions = versions_of(cluster)
    cluster = dedup.cluster_merge(actor=officer, cluster=cluster,
                                  expected_version=cluster.version, standing_id=first.pk,
                                  versions=versions, reason="same passport photo")
    second.refresh_from_db()
    assert cluster.status == ClusterStatus.MERGED and cluster.standing_id == first.pk
    assert second.merged_into_id == first.pk and second.version == versions[second.pk] + 1
    # Nothing deleted: the merged registration, its phone and consents are all still there.
    assert Person.objects.filter(pk=second.pk).exists()
    assert second.consents.count() == 1
    # Lists show the standing record only; the merged one's page says where it went.
    listed = set(registry_selectors.person_list(user=officer).values_list("pk", flat=True))
    assert first.pk in listed and second.pk not in listed
    page = client_for(officer).get(f"/people/{second.pk}/").content.decode()
    assert "merged into" in page and f"/people/{first.pk}/" in page
    assert 'id="possible-duplicates"' not in page
    standing_page = client_for(officer).get(f"/people/{first.pk}/").content.decode()
    assert f"/people/{second.pk}/" in standing_page
    assert AuditEvent.objects.filter(object_type="registry.person", object_id=str(second.pk),
                                     changes__merged_into=[None, first.pk]).exists()
    with pytest.raises(ValidationFailed, match="reason"):
        dedup.cluster_undo(actor=officer, cluster=cluster, expected_version=cluster.version,
                           reason=" ")
    cluster = dedup.cluster_undo(actor=officer, cluster=cluster,
                                 expected_version=cluster.version, reason="twins, not one man")
    second.refresh_from_db()
    assert cluster.status == ClusterStatus.UNDONE and second.merged_into_id is None
    assert not cluster.members.filter(merged=True).exists()
    assert second.pk in set(registry_selectors.person_list(user=officer)
                            .values_list("pk", flat=True))
    assert AuditEvent.objects.filter(object_type="registry.person", object_id=str(second.pk),
                                     changes__merged_into=[first.pk, None]).exists()


def test_a_record_edited_since_it_was_read_refuses_the_merge(org, officer, duplicates):
    first, second, _outside = duplicates
    cluster = the_cluster(done_run(officer), first, second)
    versions = versions_of(cluster)
    # Someone corrects the second record while the reviewer looks at the cluster.
    versioned_update(second, expected_version=second.version, changes={"family_name": "Hasan"})
    with pytest.raises(VersionConflict):
        dedup.cluster_merge(actor=officer, cluster=cluster, expected_version=cluster.version,
                            standing_id=first.pk, versions=versions)
    second.refresh_from_db()
    cluster.refresh_from_db()
    assert second.merged_into_id is None and cluster.status == ClusterStatus.PROPOSED
    # A stale cluster version is refused the same way.
    with pytest.raises(VersionConflict):
        dedup.cluster_merge(actor=officer, cluster=cluster,
                            expected_version=cluster.version - 1 if cluster.version > 1 else 99,
                            standing_id=first.pk, versions=versions_of(cluster))


def test_a_rejected_cluster_needs_a_reason_and_is_not_proposed_again(org, officer, duplicates):
    first, second, _outside = duplicates
    cluster = the_cluster(done_run(officer), first, second)
    with pytest.raises(ValidationFailed, match="different people"):
        dedup.cluster_reject(actor=officer, cluster=cluster, expected_version=cluster.version,
                             reason="")
    dedup.cluster_reject(actor=officer, cluster=cluster, expected_version=cluster.version,
                         reason="brothers: different fathers' names on their cards")
    again = done_run(officer)
    assert again.status == RunStatus.DONE
    with pytest.raises(AssertionError):
        the_cluster(again, first, second)


def test_clusters_outside_the_scope_are_hidden(org, officer, other_officer, duplicates):
    first, second, _outside = duplicates
    run = done_run(officer)
    cluster = the_cluster(run, first, second)
    with pytest.raises(NotFound):
        selectors.cluster_get_for_user(user=other_officer, cluster_id=cluster.pk)
    with pytest.raises(NotFound):
        dedup.cluster_merge(actor=other_officer, cluster=cluster, expected_version=1,
                            standing_id=first.pk, versions=versions_of(cluster))
    # A tracing officer of the sub-office alone may not see a cluster reaching into country_a.
    narrow = make_user("tracing_sa", "tracing_officer", org.sub_a)
    with pytest.raises(NotFound):
        selectors.cluster_get_for_user(user=narrow, cluster_id=cluster.pk)
    # Nor is it in the run's list for them (the run covers their office), as it is for the officer.
    assert cluster not in selectors.dedup_clusters(user=narrow, run=run)
    assert cluster in selectors.dedup_clusters(user=officer, run=run)


def test_a_refusal_on_a_merged_registration_keeps_the_standing_record_out_of_tracing(
        org, officer, duplicates):
    first, second, _outside = duplicates
    second.consents.create(purpose="tracing", given=False, recorded_on=dt.date(2026, 2, 1))
    assert first.pk in set(linkage.consenting_people().values_list("pk", flat=True))
    cluster = the_cluster(done_run(officer), first, second)
    dedup.cluster_merge(actor=officer, cluster=cluster, expected_version=cluster.version,
                        standing_id=first.pk, versions=versions_of(cluster))
    consenting = set(linkage.consenting_people().values_list("pk", flat=True))
    assert first.pk not in consenting and second.pk not in consenting


def test_a_new_registration_is_checked_against_similar_people_in_scope(
        org, cast, filler, client_for, django_capture_on_commit_callbacks):
    worker = cast["case_worker"]
    existing = register(org.country_a, "Mohammed", "Al-Hassan", born=dt.date(1990, 3, 4))
    register(org.country_b, "Mohammed", "Al-Hassan", born=dt.date(1990, 3, 4))  # not ours
    client = client_for(worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/people/new/", {
            "office": org.country_a.pk, "given_name": "Muhamad", "family_name": "Alhasan",
            "sex": Sex.MALE, "birth_date": "1990-04-03", "birth_date_precision": "exact",
            "nationality": "SYR", "category": "refugee", "document_kind": "passport",
            "consent_assistance": "on"}, follow=True)
    assert response.status_code == 200, response.content.decode()[:2000]
    new = Person.objects.get(given_name="Muhamad", family_name="Alhasan")
    # The registration queued its check; the background worker scores it.
    check = RegistrationCheck.objects.get(person=new)
    assert check.checked_at is None and check.requested_by == worker
    assert 'id="possible-duplicates"' not in response.content.decode()
    assert "1 task(s) run" in run_worker()
    check.refresh_from_db()
    assert [pk for pk, _p in check.matches] == [existing.pk]
    page = client.get(f"/people/{new.pk}/").content.decode()
    assert 'id="possible-duplicates"' in page and f"/people/{existing.pk}/" in page
    # Someone unrelated is not proposed.
    unrelated = register(org.country_a, "Olena", "Kovalenko", born=dt.date(1975, 1, 1),
                         sex=Sex.FEMALE)
    assert checks.registration_check(actor=worker, person=unrelated) == []
    # The API gives the same answer, and its view of the people it names is audited.
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    api = client.get(f"/api/v1/dedup/people/{new.pk}/possible-duplicates").json()
    assert [row["person_id"] for row in api] == [existing.pk]
    listed = AuditEvent.objects.filter(pk__gt=last, action="view", object_id="").get()
    assert listed.changes == {"people": [existing.pk], "filters": {"shown_with": str(new.pk)}}


def test_a_candidate_merged_since_it_was_proposed_cannot_be_confirmed(org, officer, duplicates,
                                                                     tracing_request):
    first, second, _outside = duplicates
    candidate = propose(tracing_request, second)
    cluster = the_cluster(done_run(officer), first, second)
    dedup.cluster_merge(actor=officer, cluster=cluster, expected_version=cluster.version,
                        standing_id=first.pk, versions=versions_of(cluster))
    # Merged away: withdrawn from tracing, answered as a candidate that does not exist (which
    # names neither the merge nor the record it went into).
    with pytest.raises(NotFound, match=r"^No such candidate$"):
        services.candidate_decide(actor=officer, candidate=candidate, expected_version=1,
                                  confirm=True, reason="same man")


@pytest.mark.parametrize("others", [0, 25])
def test_a_duplicate_known_by_birth_year_is_found_however_many_share_its_names(org, cast,
                                                                              others):
    # Other Mohammeds born the same year (different family names) must not drown the one that
    # is the same man: a score must not depend on how many candidates the database offered.
    worker = cast["case_worker"]
    for index in range(others):
        register(org.country_a, "Mohammed", f"Zahir{chr(97 + index % 26)}{index}",
                 born=dt.date(1990, 1, 1), precision=DatePrecision.YEAR)
    existing = register(org.country_a, "Mohammed", "Al-Hassan", born=dt.date(1990, 1, 1),
                        precision=DatePrecision.YEAR)
    new = register(org.country_a, "Muhamad", "Alhasan", born=dt.date(1990, 1, 1),
                   precision=DatePrecision.YEAR)
    found = checks.registration_check(actor=worker, person=new)
    assert found and found[0][0] == existing.pk


def test_pending_checks_are_scored_together_within_each_requesters_scope(org, cast, filler):
    # An import's people are checked in one pass: against the registry, against each other
    # (the same person twice in one file), and only in the scope of who registered them.
    worker = cast["case_worker"]
    existing = register(org.country_a, "Mohammed", "Al-Hassan", born=dt.date(1990, 3, 4))
    hidden = register(org.country_b, "Olena", "Kovalenko", born=dt.date(1975, 6, 1))
    new = register(org.country_a, "Muhamad", "Alhasan", born=dt.date(1990, 4, 3))
    twice = [register(org.country_a, "Amira", "Haddad", born=dt.date(2001, 9, 12))
             for _ in range(2)]
    alone = register(org.country_a, "Olena", "Kovalenko", born=dt.date(1975, 6, 1))
    RegistrationCheck.objects.all().delete()
    checks.queue(actor=worker, person_ids=[new.pk, *(p.pk for p in twice), alone.pk])
    assert checks.run_pending() == 4
    found = {c.person_id: [pk for pk, _p in c.matches]
             for c in RegistrationCheck.objects.filter(checked_at__isnull=False)}
    assert found[new.pk] == [existing.pk]
    assert found[twice[0].pk] == [twice[1].pk] and found[twice[1].pk] == [twice[0].pk]
    # Her namesake is in an office the case worker does not see: not proposed, not read.
    assert found[alone.pk] == [] and hidden.pk not in {pk for v in found.values() for pk in v}
    assert not RegistrationCheck.objects.filter(checked_at__isnull=True).exists()


def test_a_check_whose_requester_is_gone_is_closed_with_no_match(org, cast):
    worker = make_user("gone_worker", "case_worker", org.country_a)
    register(org.country_a, "Amira", "Haddad", born=dt.date(2001, 9, 12))
    second = register(org.country_a, "Amira", "Haddad", born=dt.date(2001, 9, 12))
    RegistrationCheck.objects.all().delete()
    checks.queue(actor=worker, person_ids=[second.pk])
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    assert checks.run_pending() == 1
    check = RegistrationCheck.objects.get(person=second)
    # Advice for someone who can no longer read it: closed, nothing proposed.
    assert check.checked_at is not None and check.matches == []
