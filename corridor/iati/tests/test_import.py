"""Importing an IATI activity file: all or nothing, every problem with its line and path; and
the round trip export → import → export."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from corridor.core.models import AuditEvent
from corridor.iati.models import ImportedActivity
from corridor.partners.models import Project
from engines.iati import IATI_VERSION, Org, iter_activities, iter_activities_xml
from engines.iati.tests.helpers import activity

pytestmark = pytest.mark.django_db


def export() -> bytes:
    response = Client().get("/public/iati/activities.xml")
    return b"".join(response.streaming_content)


def read(data: bytes) -> list:
    return [a for a, _line in iter_activities(io.BytesIO(data))]


def write(tmp_path: Path, data: bytes, name: str = "activities.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def ours(settings, code: str, **kwargs):
    """The engine's sample activity, reported by this organisation."""
    sample = activity(timezone.localdate(), code, **kwargs)
    org = Org(ref=settings.IATI_ORG_REF, type="40", name=sample.reporting_org.name)
    return sample.__class__(**{**sample.__dict__, "reporting_org": org,
                               "identifier": f"{settings.IATI_ORG_REF}-{code}"})


def file_of(*activities) -> bytes:
    return b"".join(iter_activities_xml(activities, generated=timezone.now()))


def test_export_import_export_gives_the_same_activities(published, tmp_path) -> None:
    first = export()
    # The projects are re-coded (as when a publisher moves to Corridor): the activities they
    # published before come back only through the import.
    for project in Project.objects.all():
        Project.objects.filter(pk=project.pk).update(code=f"NEW-{project.code}")
    call_command("corridor_iati_import", str(write(tmp_path, first)), stdout=io.StringIO())
    again = read(export())
    imported = [a for a in again if not a.identifier.split("-", 3)[-1].startswith("NEW-")]
    by_identifier = {a.identifier: a for a in read(first)}
    # Imported activities come in identifier order, the projects' in the order they were made.
    assert imported == [by_identifier[k] for k in sorted(by_identifier)]
    assert ImportedActivity.objects.count() == len(published.projects)


def test_an_import_is_audited_and_a_second_one_replaces(settings, tmp_path) -> None:
    path = write(tmp_path, file_of(ours(settings, "H001"), ours(settings, "H002")))
    out = io.StringIO()
    call_command("corridor_iati_import", str(path), stdout=out)
    assert "2 activities imported, 0 replaced" in out.getvalue()
    assert AuditEvent.objects.filter(object_type="iati.importedactivity").count() == 1
    changed = ours(settings, "H001", transactions=1)
    call_command("corridor_iati_import", str(write(tmp_path, file_of(changed), "b.xml")),
                 stdout=out)
    assert "0 activities imported, 1 replaced" in out.getvalue()
    assert ImportedActivity.objects.get(identifier=changed.identifier).activity() == changed


def refused(path: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("corridor_iati_import", str(path), stdout=io.StringIO(), stderr=err)
    assert ImportedActivity.objects.count() == 0
    return err.getvalue()


def test_one_bad_activity_refuses_the_whole_file(settings, tmp_path) -> None:
    good, bad = ours(settings, "H001"), ours(settings, "H002")
    data = file_of(good, bad)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    last = bad.transactions[-1].date.isoformat()
    head, tail = data.rsplit(f'<transaction-date iso-date="{last}"/>'.encode(), 1)
    data = head + f'<transaction-date iso-date="{tomorrow}"/>'.encode() + tail
    errors = refused(write(tmp_path, data))
    assert f"{bad.identifier}: /iati-activities/iati-activity[2]/transaction[" in errors
    assert "line " in errors and "after today" in errors


def test_another_publishers_activities_are_refused(settings, tmp_path) -> None:
    foreign = activity(timezone.localdate(), "X1")  # reported by XI-IATI-CRD's sample org
    settings.IATI_ORG_REF = "XM-DAC-99999"
    errors = refused(write(tmp_path, file_of(foreign)))
    assert "/reporting-org/@ref" in errors and "not by this organisation" in errors


def test_an_activity_twice_in_the_file_is_refused(settings, tmp_path) -> None:
    errors = refused(write(tmp_path, file_of(ours(settings, "H1"), ours(settings, "H1"))))
    assert "also at line 2" in errors


def test_a_projects_own_activity_cannot_be_imported(published, tmp_path) -> None:
    errors = refused(write(tmp_path, export()))
    assert "published from a Corridor project" in errors


def test_a_file_that_is_not_iati_is_refused_with_its_line(tmp_path) -> None:
    errors = refused(write(tmp_path, b"<?xml version='1.0'?>\n<iati-activities>\n<x>"))
    assert "line " in errors and "not well-formed" in errors


def test_the_validate_command_lists_every_problem(settings, tmp_path) -> None:
    data = (file_of(ours(settings, "H1"), ours(settings, "H2"))
            .replace(b'code="15190"', b'code="15199"'))
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 problem") as refusal:
        call_command("corridor_iati_validate", str(write(tmp_path, data)), stdout=out)
    assert refusal.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert [line.split(": ")[1] for line in lines] == [f"{settings.IATI_ORG_REF}-H1",
                                                      f"{settings.IATI_ORG_REF}-H2"]
    assert all("Sector codelist" in line and "/sector[1]/@code" in line for line in lines)


def test_the_validate_command_passes_a_valid_file_and_takes_a_day(settings, tmp_path) -> None:
    sample = ours(settings, "H1")
    path = write(tmp_path, file_of(sample))
    out = io.StringIO()
    call_command("corridor_iati_validate", str(path), stdout=out)
    assert f"valid IATI {IATI_VERSION}" in out.getvalue()
    before = (sample.transactions[0].date - dt.timedelta(days=1)).isoformat()
    with pytest.raises(CommandError):
        call_command("corridor_iati_validate", str(path), "--today", before,
                     stdout=io.StringIO())
