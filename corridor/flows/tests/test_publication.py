"""An analyst's import reaches the anonymous public page only when a second user publishes it;
the previous publication stays until then; the uploader cannot publish their own (ADR 0032)."""

from __future__ import annotations

import pytest
from django.test import Client

from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.models import AuditEvent
from corridor.flows import publication, services
from corridor.flows.models import FlowPublication, PublicationStatus
from corridor.flows.tests.helpers import count_row, counts_csv, day

HEADER = "round,assessment_type,date,admin_pcode,population_type,individuals\n"


def _round(number: int, people: int, small: int = 3) -> bytes:
    return (HEADER + f"{number},baseline,{day(20)},JO11,idp,{people}\n"
            f"{number},baseline,{day(20)},JO13,idp,950\n"
            f"{number},baseline,{day(20)},JO14,idp,870\n"
            f"{number},baseline,{day(20)},JO12,idp,{small}\n").encode()


def _public() -> str:
    return Client().get("/public/flows/").content.decode()


@pytest.fixture
def analyst(cast):
    return cast["data_analyst"]


def test_an_import_reaches_the_public_page_only_once_a_second_analyst_publishes_it(
        org, analyst, reviewer, points):
    batch = services.flows_import(actor=analyst, office=org.country_a, kind="assessments",
                                  data=_round(1, 1200), filename="round-1.csv").batch
    assert batch.status == PublicationStatus.DRAFT
    assert "1,200" not in _public()

    with pytest.raises(PermissionDenied):
        publication.import_publish(actor=analyst, batch_id=batch.pk)
    assert "1,200" not in _public() and not FlowPublication.objects.exists()

    publication.import_publish(actor=reviewer, batch_id=batch.pk)
    html = _public()
    assert "<td>Amman <small>JO11</small></td>" in html and "1,200" in html
    assert "&lt; 5" in html  # the small cell, suppressed as ever
    batch.refresh_from_db()
    assert batch.status == PublicationStatus.PUBLISHED and batch.reviewed_by == reviewer
    assert AuditEvent.objects.filter(object_type="flows.importbatch", object_id=str(batch.pk),
                                     actor=reviewer, summary__contains="published").exists()


def test_the_previous_publication_stays_until_the_next_is_published(org, analyst, reviewer, points):
    first = services.flows_import(actor=analyst, office=org.country_a, kind="assessments",
                                  data=_round(1, 1200), filename="round-1.csv").batch
    publication.import_publish(actor=reviewer, batch_id=first.pk)
    second = services.flows_import(actor=analyst, office=org.country_a, kind="assessments",
                                   data=_round(2, 1700), filename="round-2.csv").batch
    html = _public()
    assert "1,200" in html and "1,700" not in html and "round 1" in html

    review = publication.import_review(actor=reviewer, batch_id=second.pk)
    assert review.refusal == ""
    assert [(c.before, c.after) for c in review.displaced if "JO11" in c.what] == [("1,200", "1,700")]
    assert publication.import_review(actor=analyst, batch_id=second.pk).refusal  # own upload

    publication.import_publish(actor=reviewer, batch_id=second.pk)
    html = _public()
    assert "1,700" in html and "round 2" in html


def test_a_sent_back_import_never_reaches_the_public_page(org, analyst, reviewer, points):
    counts = services.flows_import(actor=analyst, office=org.country_a, kind="counts",
                                   data=counts_csv([count_row(count=840)]), filename="c.csv").batch
    with pytest.raises(ValidationFailed) as refused:
        publication.import_send_back(actor=reviewer, batch_id=counts.pk, reason="  ")
    assert refused.value.problems[0]["field"] == "reason"
    with pytest.raises(PermissionDenied):
        publication.import_send_back(actor=analyst, batch_id=counts.pk, reason="mine")
    publication.import_send_back(actor=reviewer, batch_id=counts.pk, reason="Mafraq counted twice")
    counts.refresh_from_db()
    assert counts.status == PublicationStatus.SENT_BACK and counts.review_reason == "Mafraq counted twice"
    with pytest.raises(ValidationFailed):
        publication.import_publish(actor=reviewer, batch_id=counts.pk)
    # A later import is published alone: the sent-back rows stay out of the public store.
    later = services.flows_import(actor=analyst, office=org.country_a, kind="counts",
                                  data=counts_csv([count_row(count=35, days_ago=5)]),
                                  filename="d.csv").batch
    publication.import_publish(actor=reviewer, batch_id=later.pk)
    assert "840" not in _public() and "35" in _public()


def test_pages_show_the_draft_review_and_decide_and_the_uploader_gets_no_buttons(
        org, analyst, reviewer, points, client_for):
    batch = services.flows_import(actor=analyst, office=org.country_a, kind="assessments",
                                  data=_round(1, 1200), filename="round-1.csv").batch
    own = client_for(analyst).get(f"/flows/imports/{batch.pk}/review/").content.decode()
    assert "another analyst or the office" in own and ">Publish</button>" not in own
    assert client_for(analyst).post(f"/flows/imports/{batch.pk}/publish/").status_code == 302
    assert "1,200" not in _public()

    client = client_for(reviewer)
    page = client.get(f"/flows/imports/{batch.pk}/review/").content.decode()
    assert ">Publish</button>" in page and "1,200" in page and "&lt; 5" in page
    client.cookies["corridor_language"] = "fr"
    assert "Publier" in client.get(f"/flows/imports/{batch.pk}/review/").content.decode()
    assert client.post(f"/flows/imports/{batch.pk}/publish/").status_code == 302
    assert "1,200" in _public()


def test_api_reviews_publishes_and_refuses_the_uploader(org, analyst, reviewer, points, client_for):
    batch = services.flows_import(actor=analyst, office=org.country_a, kind="assessments",
                                  data=_round(1, 1200), filename="round-1.csv").batch
    assert client_for(analyst).post(f"/api/v1/flows/imports/{batch.pk}/publish").status_code == 403
    review = client_for(reviewer).get(f"/api/v1/flows/imports/{batch.pk}/review").json()
    assert review["refusal"] == "" and review["batch"]["status"] == "draft"
    answer = client_for(reviewer).post(f"/api/v1/flows/imports/{batch.pk}/publish")
    assert answer.status_code == 200 and answer.json()["status"] == "published"
    again = client_for(reviewer).post(f"/api/v1/flows/imports/{batch.pk}/send-back",
                                      {"reason": "late"}, content_type="application/json")
    assert again.status_code == 422
    outsider = client_for(reviewer).post("/api/v1/flows/imports/999999/publish")
    assert outsider.status_code == 404


def test_a_user_without_the_publish_role_is_refused_and_a_decided_import_is_invalid(
        org, cast, analyst, reviewer, points):
    batch = services.flows_import(actor=analyst, office=org.country_a, kind="assessments",
                                  data=_round(1, 1200), filename="round-1.csv").batch
    outsider = cast["case_worker"]  # no flows role at all: the import is not even visible
    with pytest.raises(NotFound):
        publication.import_publish(actor=outsider, batch_id=batch.pk)
    publication.import_publish(actor=reviewer, batch_id=batch.pk)
    with pytest.raises(ValidationFailed) as decided:
        publication.import_publish(actor=reviewer, batch_id=batch.pk)
    assert decided.value.problems[0]["field"] == "status"
    with pytest.raises(PermissionDenied):  # still the uploader's own, whatever its state
        publication.import_send_back(actor=analyst, batch_id=batch.pk, reason="oops")
    assert FlowPublication.objects.count() == 1
