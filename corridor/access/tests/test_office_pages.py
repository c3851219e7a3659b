"""Administrators create and edit offices from the pages, within the offices they manage."""

from __future__ import annotations

from corridor.access.models import Office, OfficeKind
from corridor.core.models import AuditEvent


def test_an_administrator_adds_an_office_below_one_they_manage(org, cast, client_for):
    client = client_for(cast["administrator"])  # administrator of country_a
    assert 'href="/offices/new/"' in client.get("/offices/").content.decode()
    answer = client.post("/offices/new/", {"parent": org.country_a.pk, "kind": OfficeKind.SUB_OFFICE,
                                           "code": "SO-IRB", "name": "Sub-office, Irbid",
                                           "country": "jor"})
    office = Office.objects.get(code="SO-IRB")
    assert answer.status_code == 302 and answer["Location"] == f"/offices/{office.pk}/"
    assert office.parent == org.country_a and office.path.startswith(org.country_a.path)
    assert office.country == "JOR"
    assert AuditEvent.objects.filter(object_type="access.office", object_id=str(office.pk),
                                     actor=cast["administrator"], action="create").exists()
    # Not below an office out of their scope: not offered, refused naming the field.
    refused = client.post("/offices/new/", {"parent": org.region_b.pk, "kind": OfficeKind.COUNTRY,
                                            "code": "CO-X", "name": "X", "country": "UKR"})
    assert refused.status_code == 200 and "parent" in refused.context["form"].errors
    assert not Office.objects.filter(code="CO-X").exists()


def test_an_administrator_edits_an_office_and_a_stale_form_is_refused(org, cast, client_for):
    client = client_for(cast["administrator"])
    detail = client.get(f"/offices/{org.country_a.pk}/").content.decode()
    assert f'href="/offices/{org.country_a.pk}/edit/"' in detail
    version = org.country_a.version
    answer = client.post(f"/offices/{org.country_a.pk}/edit/",
                         {"code": org.country_a.code, "name": "Country Office, Amman (main)",
                          "country": "JOR", "version": version})
    assert answer.status_code == 302
    org.country_a.refresh_from_db()
    assert org.country_a.name == "Country Office, Amman (main)" and org.country_a.version == version + 1
    assert AuditEvent.objects.filter(object_type="access.office", object_id=str(org.country_a.pk),
                                     action="update").exists()
    stale = client.post(f"/offices/{org.country_a.pk}/edit/",
                        {"code": org.country_a.code, "name": "Old tab", "country": "JOR",
                         "version": version})
    assert stale.status_code == 200 and "changed this office meanwhile" in stale.content.decode()
    bad = client.post(f"/offices/{org.country_a.pk}/edit/",
                      {"code": org.country_a.code, "name": "X", "country": "ZZZ",
                       "version": version + 1})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_others_cannot_add_or_edit_offices(org, cast, client_for):
    worker = client_for(cast["case_worker"])
    assert worker.get("/offices/new/").status_code == 404
    assert worker.get(f"/offices/{org.country_a.pk}/edit/").status_code == 404
    admin = client_for(cast["administrator"])
    assert admin.get(f"/offices/{org.region_b.pk}/edit/").status_code == 404  # out of scope
