"""Deduplication pages and API: progress shown while queued, the cluster side by side, merge,
a stale merge answered 409, undo; 404 outside the scope."""

from __future__ import annotations

import re

import pytest

from corridor.core.models import AuditEvent
from corridor.deduplication.models import ClusterStatus, DedupCluster, DedupRun, RunStatus
from corridor.registry.models import Person
from corridor.tracing.tests.conftest import run_worker


@pytest.fixture
def officer_client(officer, client_for):
    return client_for(officer)


def test_a_run_started_from_the_page_shows_progress_then_clusters(
        org, officer_client, duplicates):
    first, _second, _outside = duplicates
    response = officer_client.post("/dedup/")
    run = DedupRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dedup/runs/{run.pk}/"
    waiting = officer_client.get(f"/dedup/runs/{run.pk}/").content.decode()
    # Followed in place by the tasks' script (no meta refresh), which polls this very page.
    assert 'http-equiv="refresh"' not in waiting and 'value="0"' in waiting
    assert 'data-poll="' in waiting and "task-progress.js" in waiting
    run_worker()
    done = officer_client.get(f"/dedup/runs/{run.pk}/").content.decode()
    assert 'data-poll="' not in done and 'data-finished="true"' in done and 'value="100"' in done
    cluster = DedupCluster.objects.get(members__person=first)
    assert f"/dedup/clusters/{cluster.pk}/" in done
    assert "Alhasan".upper() in done


def test_the_cluster_page_merges_refuses_a_stale_merge_and_undoes(
        org, officer, officer_client, duplicates):
    first, second, _outside = duplicates
    officer_client.post("/dedup/")
    run_worker()
    cluster = DedupCluster.objects.get(members__person=first)
    url = f"/dedup/clusters/{cluster.pk}/"
    page = officer_client.get(url).content.decode()
    # Side by side, and the pair explained field by field.
    assert "Muhamad" in page and "Mohammed" in page and "compare-" in page
    assert AuditEvent.objects.filter(action="view", object_id=str(second.pk),
                                     summary__contains=f"cluster {cluster.pk}").exists()
    form = {"action": "merge", "merge-version": cluster.version, "merge-standing": first.pk,
            f"merge-v{first.pk}": first.version, f"merge-v{second.pk}": second.version}
    # Someone edits the second record meanwhile: the merge is refused with 409.
    Person.objects.filter(pk=second.pk).update(version=second.version + 1)
    stale = officer_client.post(url, form)
    assert stale.status_code == 409 and "reload" in stale.content.decode()
    second.refresh_from_db()
    assert second.merged_into_id is None
    form[f"merge-v{second.pk}"] = second.version
    assert officer_client.post(url, form).status_code == 302
    second.refresh_from_db()
    assert second.merged_into_id == first.pk
    merged = officer_client.get(url).content.decode()
    assert "Undo the merge" in merged
    cluster.refresh_from_db()
    undo = officer_client.post(url, {"action": "undo", "decide-version": cluster.version,
                                     "decide-reason": "two cousins"})
    assert undo.status_code == 302
    second.refresh_from_db()
    cluster.refresh_from_db()
    assert second.merged_into_id is None and cluster.status == ClusterStatus.UNDONE


def test_pages_answer_404_outside_the_role_or_scope(org, cast, client_for, officer,
                                                    other_officer, duplicates):
    client_for(officer).post("/dedup/")
    run_worker()
    run = DedupRun.objects.get()
    cluster = DedupCluster.objects.filter(run=run).first()
    worker = client_for(cast["case_worker"])
    assert worker.get("/dedup/").status_code == 404
    outsider = client_for(other_officer)
    assert outsider.get(f"/dedup/runs/{run.pk}/").status_code == 404
    assert outsider.get(f"/dedup/clusters/{cluster.pk}/").status_code == 404


def test_the_api_runs_merges_and_undoes(org, officer, client_for, cast,
                                        duplicates):
    first, second, _outside = duplicates
    api = client_for(officer)
    assert client_for(cast["case_worker"]).post("/api/v1/dedup/runs").status_code == 403
    created = api.post("/api/v1/dedup/runs")
    assert created.status_code == 201 and created.json()["status"] == RunStatus.QUEUED
    run_id = created.json()["id"]
    run_worker()
    run = api.get(f"/api/v1/dedup/runs/{run_id}").json()
    assert run["status"] == "done" and run["progress"] == 100
    clusters = api.get(f"/api/v1/dedup/runs/{run_id}/clusters").json()["items"]
    ours = next(c for c in clusters if set(c["person_ids"]) == {first.pk, second.pk})
    detail = api.get(f"/api/v1/dedup/clusters/{ours['id']}").json()
    assert {r["person_id"] for r in detail["records"]} == {first.pk, second.pk}
    assert detail["comparisons"][0]["fields"]
    versions = {str(r["person_id"]): r["version"] for r in detail["records"]}
    stale = api.post(f"/api/v1/dedup/clusters/{ours['id']}/merge",
                     {"version": ours["version"], "standing_id": first.pk,
                      "versions": {**versions, str(second.pk): versions[str(second.pk)] - 1}},
                     content_type="application/json")
    assert stale.status_code == 409
    merged = api.post(f"/api/v1/dedup/clusters/{ours['id']}/merge",
                      {"version": ours["version"], "standing_id": first.pk,
                       "versions": versions}, content_type="application/json")
    assert merged.status_code == 200, merged.content
    assert merged.json()["status"] == "merged" and merged.json()["standing_id"] == first.pk
    undone = api.post(f"/api/v1/dedup/clusters/{ours['id']}/undo",
                      {"version": merged.json()["version"], "reason": "not the same"},
                      content_type="application/json")
    assert undone.status_code == 200 and undone.json()["status"] == "undone"
    assert Person.objects.get(pk=second.pk).merged_into_id is None


@pytest.mark.parametrize("url", ["/dedup/runs/{run}/",
                                 "/api/v1/dedup/runs/{run}/clusters"])
def test_a_page_of_a_runs_clusters_is_audited_once_the_run_has_found_them(
        org, officer, officer_client, duplicates, url):
    officer_client.post("/dedup/")
    run = DedupRun.objects.get()

    def listed() -> list[AuditEvent]:
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert officer_client.get(url.format(run=run.pk)).status_code == 200
        return list(AuditEvent.objects.filter(pk__gt=last, action="view",
                                              object_type="deduplication.dedupcluster"))

    assert listed() == []  # queued: no cluster is shown yet
    run_worker()
    events = listed()
    assert len(events) == 1
    assert events[0].changes["clusters"] == list(
        DedupCluster.objects.filter(run=run, members__person=duplicates[0])
        .values_list("pk", flat=True))
    assert events[0].changes["filters"] == {"run_id": str(run.pk)}
    assert events[0].actor == officer


def test_the_run_page_lists_offices_by_code(org, officer_client):
    officer_client.post("/dedup/")
    page = officer_client.get("/dedup/").content.decode()
    # Whole words: a random CSRF token may hold the letters "CB".
    assert re.search(r"\bCA\b", page) and not re.search(r"\bCB\b", page)


def test_a_registration_check_that_found_duplicates_is_in_the_officers_queue_and_reviewed(
        org, officer, officer_client, duplicates, other_officer, client_for):
    from corridor.deduplication import checks
    from corridor.deduplication.models import RegistrationCheck

    first, second, _outside = duplicates
    checks.queue(actor=officer, person_ids=[second.pk])
    assert checks.run_pending() == 1
    check = RegistrationCheck.objects.get(person=second)
    assert [pk for pk, _p in check.matches] == [first.pk]
    page = officer_client.get("/dedup/").content.decode()
    assert 'id="registration-findings"' in page and f"/people/{second.pk}/" in page
    # Out of scope: another office's officer neither sees it nor can open it.
    other = client_for(other_officer)
    assert f"/people/{second.pk}/" not in other.get("/dedup/").content.decode()
    assert other.post("/dedup/", {"action": "review", "check": check.pk}).status_code == 404
    response = officer_client.post("/dedup/", {"action": "review", "check": check.pk})
    cluster = DedupCluster.objects.get(members__person=second, run__stage__startswith="registration")
    assert response.status_code == 302 and response["Location"] == f"/dedup/clusters/{cluster.pk}/"
    assert sorted(cluster.person_ids) == sorted([first.pk, second.pk])
    review = officer_client.get(response["Location"]).content.decode()
    assert "compare-match" in review or "compare-near" in review


def test_the_side_by_side_table_names_fields_in_the_readers_language():
    from django.utils import translation

    from corridor.deduplication.selectors import SIDE_BY_SIDE, ClusterReview

    review = ClusterReview(cluster=None, records=(), fields=tuple(SIDE_BY_SIDE), pairs=())
    with translation.override("fr"):
        labels = [label for label, _values in review.rows]
    assert "given_name" not in labels and "merged_into" not in labels
    assert "Prénom" in labels
