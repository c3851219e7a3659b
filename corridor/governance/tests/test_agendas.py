"""A session's agenda and documents (issue 15, item 2): items on the provisional agenda, its
adoption, an additional item requested by four members with an explanatory memorandum (as the
memorandum A/51/232 itself was), documents found by their symbol; refusals that write nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import verified_client
from corridor.core.errors import ValidationFailed
from corridor.governance import agendas
from corridor.governance.models import AgendaItem, Document
from corridor.governance.tests.test_votes import members, secretary, session  # noqa: F401

pytestmark = pytest.mark.django_db


def test_an_additional_item_after_adoption_needs_members_and_a_memorandum(
        secretary, session, members):  # noqa: F811
    agendas.item_add(actor=secretary, session=session, title="Adoption of the agenda")
    agendas.agenda_adopt(actor=secretary, session=session, on=timezone.localdate())
    with pytest.raises(ValidationFailed, match="only an additional item"):
        agendas.item_add(actor=secretary, session=session, title="Late item")
    with pytest.raises(ValidationFailed, match="explanatory memorandum"):
        agendas.item_add(actor=secretary, session=session, title="Observer status",
                         additional=True, requested_by=[members["AUT"]])
    four = [members[c] for c in ("AUT", "BEL", "CHE", "DEU")]
    item = agendas.item_add(actor=secretary, session=session, title="Observer status",
                            additional=True, requested_by=four,
                            memorandum="The requesting States propose ...")
    assert item.number == 2 and item.requested_by.count() == 4
    assert AgendaItem.objects.count() == 2


def test_a_document_is_found_by_its_symbol(secretary, session):  # noqa: F811
    agendas.document_add(actor=secretary, symbol="mc/1868", title="Programme and Budget for 1997",
                         issued_on=timezone.localdate(), languages=["en", "fr", "es"],
                         distribution="general", session=session)
    with pytest.raises(ValidationFailed) as refused:
        agendas.document_add(actor=secretary, symbol="not a symbol", title="",
                             issued_on=timezone.localdate(), languages=[],
                             distribution="secret")
    assert {p["field"] for p in refused.value.problems} == {"symbol", "title", "languages",
                                                             "distribution"}
    assert Document.objects.count() == 1
    client = verified_client(secretary)
    page = client.get(reverse("governance:documents"), {"symbol": "MC/1868"}).content.decode()
    assert "Programme and Budget for 1997" in page
    assert client.get(reverse("governance:documents"), {"symbol": "MC/9999"}).status_code == 404


def test_the_agenda_page_adds_and_adopts(secretary, session, members):  # noqa: F811
    client = verified_client(secretary)
    url = reverse("governance:agenda", args=[session.pk])
    assert client.post(url, {"step": "item", "title": "Opening"}).status_code == 302
    assert client.post(url, {"step": "adopt"}).status_code == 302
    answer = client.post(url, {"step": "item", "title": "Observer status", "additional": "on",
                               "requested_by": [members["AUT"].pk, members["BEL"].pk],
                               "memorandum": "Why it matters"})
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "Adopted on" in page and "State AUT, State BEL" in page
