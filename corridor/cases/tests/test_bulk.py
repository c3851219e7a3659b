"""Assigning and transferring the cases ticked on the list (issue 18, item 12): all of them
change or none, a refused case is named with its reason, a case changed since the confirmation
page was read is refused as changed, and a case outside the user's scope cannot be ticked in."""

from __future__ import annotations

import pytest

from corridor.cases import services
from corridor.cases.models import Case, CaseTransfer, EventKind
from corridor.core.models import AuditEvent
from corridor.core.versioning import versioned_update
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def cases(worker, project, org):
    return [services.case_open(actor=worker, project=project, kind="voluntary_return",
                               person=PersonFactory(office=org.country_a, given_name=name))
            for name in ("Zahra", "Amal", "Mona")]


def _post(client, action, cases, **data):
    return client.post(f"/cases/selected/{action}/", {"case": [c.pk for c in cases], **data})


def test_the_selected_cases_are_assigned_together(client_for, worker, second_worker, cases):
    client = client_for(worker)
    page = _post(client, "assign", cases[:2])
    assert page.status_code == 200
    body = page.content.decode()
    assert cases[0].reference in body and cases[2].reference not in body
    assert "Zahra" not in body  # references only: the confirmation names no one
    versions = {f"version-{c.pk}": c.version for c in cases[:2]}
    done = _post(client, "assign", cases[:2], confirm="1", assignee=second_worker.pk, **versions)
    assert done.status_code == 302
    assigned = Case.objects.filter(assigned_to=second_worker)
    assert sorted(assigned.values_list("pk", flat=True)) == sorted(c.pk for c in cases[:2])
    assert Case.objects.get(pk=cases[2].pk).assigned_to is None
    for case in cases[:2]:
        assert case.events.filter(kind=EventKind.ASSIGNED).count() == 1
        assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk),
                                         summary__contains="assigned").exists()


def test_one_case_changed_since_it_was_read_refuses_them_all(client_for, worker, second_worker,
                                                             cases):
    client = client_for(worker)
    versions = {f"version-{c.pk}": c.version for c in cases}
    # Someone else edits the last case after the confirmation page read its version.
    versioned_update(cases[2], expected_version=cases[2].version, changes={"summary": "edited"})
    answer = _post(client, "assign", cases, confirm="1", assignee=second_worker.pk, **versions)
    assert answer.status_code == 422
    body = answer.content.decode()
    assert cases[2].reference in body and "changed by someone else" in body
    assert not Case.objects.filter(assigned_to=second_worker).exists()  # none, not two


def test_the_selected_cases_are_transferred_with_one_reason(client_for, worker, cases, org):
    client = client_for(worker)
    page = _post(client, "transfer", cases).content.decode()
    assert f'value="{org.country_a2.pk}"' in page and f'value="{org.country_b.pk}"' not in page
    versions = {f"version-{c.pk}": c.version for c in cases}
    done = _post(client, "transfer", cases, confirm="1", office=org.country_a2.pk,
                 reason="Moved to the north", **versions)
    assert done.status_code == 302
    assert CaseTransfer.objects.filter(to_office=org.country_a2, status="pending").count() == 3
    # Asked again, each case already waits for an answer: all refused, each named.
    versions = {f"version-{c.pk}": Case.objects.get(pk=c.pk).version for c in cases}
    again = _post(client, "transfer", cases, confirm="1", office=org.country_a2.pk,
                  reason="Again", **versions)
    assert again.status_code == 422
    assert all(c.reference in again.content.decode() for c in cases)
    assert CaseTransfer.objects.count() == 3


def test_a_case_outside_scope_cannot_be_selected(client_for, worker, cases, case_b,
                                                 second_worker):
    client = client_for(worker)
    assert _post(client, "assign", [cases[0], case_b]).status_code == 404
    answer = _post(client, "assign", [cases[0], case_b], confirm="1", assignee=second_worker.pk)
    assert answer.status_code == 404
    assert Case.objects.get(pk=case_b.pk).assigned_to is None
    assert _post(client, "unknown", cases).status_code == 404


def test_the_list_offers_the_bulk_actions_only_to_those_who_edit(client_for, worker, cast,
                                                                 cases):
    assert 'id="bulk-assign"' in client_for(worker).get("/cases/").content.decode()
    analyst_page = client_for(cast["movement_officer"]).get("/cases/")
    assert 'id="bulk-assign"' not in analyst_page.content.decode()


def test_filters_are_saved_under_a_name_and_found_again(client_for, worker, cases, cast):
    client = client_for(worker)
    answer = client.post("/cases/filters/save/", {
        "name": "My returns", "query": "kind=voluntary_return&reference=Zahra&page=3&sort=-opened"})
    assert answer.status_code == 302
    # The typed reference and the page are not kept: only the filter form's choices and order.
    assert answer["Location"] == "/cases/?kind=voluntary_return&sort=-opened"
    page = client.get("/cases/").content.decode()
    assert 'href="?kind=voluntary_return&amp;sort=-opened">My returns</a>' in page
    again = client.post("/cases/filters/save/", {"name": "My returns", "query": "kind=evacuation"})
    assert again.status_code == 302
    assert "already keep a filter with this name" in client.get("/cases/").content.decode()
    empty = client.post("/cases/filters/save/", {"name": "Nothing", "query": "page=2"})
    assert empty.status_code == 302
    # Someone else neither sees it nor deletes it.
    other = client_for(cast["movement_officer"])
    assert "My returns" not in other.get("/cases/").content.decode()
    saved = worker.saved_filters.get()
    assert other.post(f"/cases/filters/{saved.pk}/delete/").status_code == 404
    assert client.post(f"/cases/filters/{saved.pk}/delete/").status_code == 302
    assert not worker.saved_filters.exists()


def test_a_garbled_version_or_too_many_cases_is_refused_not_failed(client_for, worker,
                                                                   second_worker, cases):
    client = client_for(worker)
    garbled = _post(client, "assign", cases[:1], confirm="1", assignee=second_worker.pk,
                    **{f"version-{cases[0].pk}": "x"})
    assert garbled.status_code == 422 and "changed by someone else" in garbled.content.decode()
    too_many = client.post("/cases/selected/assign/", {"case": [str(n) for n in range(1, 300)]})
    assert too_many.status_code == 302
    assert "at most 200 cases" in client.get("/cases/").content.decode()
    assert not Case.objects.filter(assigned_to=second_worker).exists()
