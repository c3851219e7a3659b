"""The editorial walk through the pages: an editor drafts in English and adds Spanish, a second
editor reviews and publishes; diffs between revisions and between a translation and its source;
files checked; researchers listed only with consent; editors only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_user
from corridor.access.roles import Role
from corridor.core.models import AuditEvent
from corridor.portal import services
from corridor.portal.models import Item, PublicChange, Revision
from corridor.portal.search.service import Query, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(org, client_for):
    editor = make_user("editor_a", Role.PORTAL_EDITOR, org.country_a)
    secretary = make_user("secretary_a", Role.GOVERNANCE_SECRETARIAT, org.country_a)
    return client_for(editor), client_for(secretary), editor, secretary


def form(kind: str, **values) -> dict:
    data = {"source_language": "en", "countries": "FRA", "date": "2024-01-10",
            "d_publication_type": "report", "d_authors": "R. Nuñez; A. Smith", "note": ""}
    data.update(values)
    return data


def test_draft_translate_review_publish_then_found_in_both_languages(editors, client):
    editor_client, secretary_client, _editor, _secretary = editors
    answer = editor_client.post("/editorial/new/publication/", form(
        "publication", title_en="Seasonal workers in agriculture",
        summary_en="Seasonal migrant workers and their contracts."))
    assert answer.status_code == 302
    item = Item.objects.get()
    assert client.get(f"/public/items/{item.slug}/").status_code == 404  # a draft is not public
    answer = editor_client.post(f"/editorial/items/{item.pk}/edit/", form(
        "publication", based_on=1, title_en="Seasonal workers in agriculture",
        summary_en="Seasonal migrant workers and their contracts.",
        title_es="Trabajadores temporeros en la agricultura",
        summary_es="Los trabajadores migrantes temporeros y sus contratos.",
        note="Spanish translation"))
    assert answer.status_code == 302 and item.revisions.count() == 2
    diff = editor_client.get(f"/editorial/items/{item.pk}/diff/?a=1&b=2").content.decode()
    assert "<ins>Trabajadores temporeros en la agricultura</ins>" in diff
    side = editor_client.get(f"/editorial/items/{item.pk}/translation/es/").content.decode()
    assert "Trabajadores temporeros" in side and "no traducido" not in side
    editor_client.post(f"/editorial/items/{item.pk}/submit/", {"revision": 2})
    editor_client.post(f"/editorial/items/{item.pk}/approve/", {"revision": 2})  # not one's own
    assert Revision.objects.get(item=item, number=2).reviewed_by is None
    secretary_client.post(f"/editorial/items/{item.pk}/approve/", {"revision": 2})
    secretary_client.post(f"/editorial/items/{item.pk}/publish/", {"revision": 2, "note": "First"})
    item.refresh_from_db()
    assert item.status == "published" and client.get(f"/public/items/{item.slug}/").status_code == 200
    assert {hit.item.pk for hit in search(Query(q="seasonal worker")).hits} == {item.pk}
    assert {hit.item.pk for hit in search(Query(q="trabajador temporero")).hits} == {item.pk}
    assert PublicChange.objects.filter(item=item).count() == 1
    assert AuditEvent.objects.filter(object_type="portal.item", object_id=str(item.pk)).count() >= 5


def test_a_change_to_a_public_item_stays_unseen_until_published(editors, client):
    _e, _s, editor, secretary = editors
    item = services.item_create(actor=editor, kind="link", source_language="en",
                                data={"title": {"en": "Refugee agency"},
                                      "details": {"url": "https://example.org/"}})
    for actor, step in ((editor, services.submit_for_review), (secretary, services.approve),
                        (secretary, services.publish)):
        step(actor=actor, revision=services.latest(item))
    services.revision_save(actor=editor, item=item, based_on=1,
                           data={"title": {"en": "Secret rename"}, "details": {"url": "https://example.org/"}})
    assert "Secret rename" not in client.get(f"/public/items/{item.slug}/").content.decode()
    assert search(Query(q="secret")).total == 0
    with pytest.raises(Exception, match="revision 2"):
        services.revision_save(actor=editor, item=item, based_on=1, data={"title": {"en": "x"}})
    revision = services.submit_for_review(actor=editor, revision=services.latest(item))
    services.approve(actor=secretary, revision=revision)
    later = timezone.now() + dt.timedelta(hours=3)
    services.publish(actor=secretary, revision=revision, publish_at=later)
    assert services.publish_due() == 0
    assert services.publish_due(now=later + dt.timedelta(seconds=1)) == 1
    assert "Secret rename" in client.get(f"/public/items/{item.slug}/").content.decode()


def test_files_are_checked_by_their_bytes(editors):
    editor_client, _s, editor, _sec = editors
    item = services.item_create(actor=editor, kind="publication", source_language="en", data={
        "title": {"en": "Study"}, "details": {"publication_type": "report", "authors": ["X"]}})
    fake = SimpleUploadedFile("study.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    page = editor_client.post(f"/editorial/items/{item.pk}/files/", {"file": fake, "language": "en"},
                              follow=True).content.decode()
    assert "study.pdf" in page and item.files.count() == 0
    real = SimpleUploadedFile("study.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", content_type="application/pdf")
    editor_client.post(f"/editorial/items/{item.pk}/files/",
                       {"file": real, "language": "en", "title": "Full text"})
    assert item.files.get().public is False


def test_html_is_sanitised(editors):
    _c, _s, editor, _sec = editors
    item = services.item_create(actor=editor, kind="structure", source_language="en", data={
        "title": {"en": "Migration office"},
        "body": {"en": '<p onclick="x()">Hi<script>alert(1)</script></p>'},
        "details": {"institution": {"en": "Ministry"}}})
    assert services.latest(item).data["body"]["en"] == "<p>Hi</p>"


def test_a_researcher_is_listed_only_with_consent(editors, client):
    _c, secretary_client, editor, secretary = editors
    item = services.item_create(actor=editor, kind="researcher", source_language="en", data={
        "title": {"en": "Dr Amina Diallo"}, "countries": ["SEN"],
        "details": {"name": "Amina Diallo", "affiliation": "Université Cheikh Anta Diop"}})
    for actor, step in ((editor, services.submit_for_review), (secretary, services.approve),
                        (secretary, services.publish)):
        step(actor=actor, revision=services.latest(item))
    assert client.get(f"/public/items/{item.slug}/").status_code == 404
    assert search(Query(q="Diallo")).total == 0
    secretary_client.post(f"/editorial/items/{item.pk}/consent/", {"given": "yes", "how": "Signed form"})
    assert client.get(f"/public/items/{item.slug}/").status_code == 200
    assert search(Query(q="Diallo")).total == 1
    secretary_client.post(f"/editorial/items/{item.pk}/consent/", {"given": "no", "how": "E-mail"})
    assert client.get(f"/public/items/{item.slug}/").status_code == 404
    assert search(Query(q="Diallo")).total == 0


def test_only_editors_reach_the_editorial_pages(cast, client_for):
    assert client_for(cast["case_worker"]).get("/editorial/").status_code == 404
    assert client_for(cast["governance_secretariat"]).get("/editorial/").status_code == 200
    assert client_for(cast["portal_editor"]).get("/editorial/new/meeting/").status_code == 200
