"""Exact duplicates in scope, and exports: scoped, audited, formula-safe in CSV and XLSX."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from corridor.core.models import AuditAction, AuditEvent
from corridor.registry import documents
from corridor.registry.imports import exports, selectors, xlsform
from corridor.registry.models import IdentityDocument, Phone
from corridor.registry.tests.factories import PersonFactory


def _with_document(office, number, phone=""):
    person = PersonFactory(office=office)
    IdentityDocument.objects.create(person=person, kind="passport", number_encrypted="x",
                                    number_digest=documents.digest(number))
    if phone:
        Phone.objects.create(person=person, number=phone)
    return person


def test_duplicates_for_input_finds_document_and_phone_in_scope_only(org, cast):
    mine = _with_document(org.country_a, "N 1234567", phone="+962791234567")
    sub_office = _with_document(org.sub_a, "SUB-1")
    _with_document(org.country_b, "N 1234567", phone="+962791234567")  # outside the scope
    worker = cast["case_worker"]
    assert selectors.duplicates_for_input(user=worker, document_numbers=["n1234567"]) == [mine]
    # A national number is read in the countries of the user's scope (Jordan).
    assert selectors.duplicates_for_input(user=worker, phones=["079 123 4567"]) == [mine]
    assert selectors.duplicates_for_input(user=worker, document_numbers=["sub 1"]) == [sub_office]
    assert selectors.duplicates_for_input(user=worker, phones=["", "  "]) == []
    assert selectors.duplicates_for_input(user=cast["outsider"],
                                          document_numbers=["SUB-1"]) == []


def _export(user, file_format="csv", **filters):
    people = selectors.people_for_export(user=user, filters=selectors.ExportFilters(**filters),
                                         file_format=file_format)
    return exports.people_csv(people) if file_format == "csv" else exports.people_xlsx(people)


def test_the_export_holds_only_people_in_scope_and_is_audited(org, cast):
    PersonFactory(office=org.country_a, given_name="Inside", family_name="Scope")
    PersonFactory(office=org.country_b, given_name="Outside", family_name="Scope")
    text = _export(cast["case_worker"]).decode("utf-8-sig")
    assert "Inside" in text and "Outside" not in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == cast["case_worker"] and event.changes["count"] == 1
    assert event.changes["format"] == "csv"


def test_export_filters_apply(org, cast):
    PersonFactory(office=org.country_a, given_name="Rania", category="refugee")
    PersonFactory(office=org.country_a, given_name="Ivan", category="idp")
    text = _export(cast["case_worker"], category="idp").decode("utf-8-sig")
    assert "Ivan" in text and "Rania" not in text


def test_formulas_are_neutralised_in_csv_and_xlsx(org, cast):
    PersonFactory(office=org.country_a, given_name="=HYPERLINK(\"http://evil\")",
                  family_name="@SUM(A1)")
    text = _export(cast["case_worker"]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    workbook = load_workbook(io.BytesIO(_export(cast["case_worker"], "xlsx")))
    rows = list(workbook.active.iter_rows(values_only=True))
    given = rows[1][rows[0].index("given_name")]
    assert given == "'=HYPERLINK(\"http://evil\")"
    assert all(c.data_type != "f" for row in workbook.active.iter_rows() for c in row)


def test_a_role_without_export_cannot_export(org, cast):
    import pytest

    from corridor.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        _export(cast["movement_officer"])
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_xlsform_converts_with_pyxform_in_three_languages():
    from pyxform import xls2xform

    warnings: list[str] = []
    result = xls2xform.convert(xlsform.xlsform_bytes(), warnings=warnings, file_type=".xlsx")
    xml = result.xform
    assert f'id="{xlsform.FORM_ID}"' in xml and f'version="{xlsform.form_version()}"' in xml
    for language in ("English (en)", "French (fr)", "Spanish (es)"):
        assert f'lang="{language}"' in xml
    assert 'nodeset="/data/members"' in xml or "/members" in xml
    assert "jr:template" in xml  # the members repeat
    assert "vulnerabilities" in xml and "select" in xml
    assert "unaccompanied_child" in xml and "refugee" in xml
    assert warnings == []
    # Select lists from ISO and the gazetteer; listed by day and time, never by a person's name.
    assert "<name>SYR</name>" in xml and "<name>ar</name>" in xml
    assert 'src="jr://file-csv/pcodes.csv"' in xml
    instance_name = next(bind.split("/>", 1)[0] for bind in xml.split("<bind ")
                         if "meta/instanceName" in bind)
    assert "format-date-time" in instance_name and "given_name" not in instance_name


def test_the_xlsform_version_changes_with_its_content_and_only_then(monkeypatch):
    first = xlsform.form_version()
    assert xlsform.form_version() == first and len(first) == 12
    changed = [*xlsform.SURVEY]
    kind, name, _label, required, extra = changed[3]
    changed[3] = (kind, name, "Address (changed)", required, extra)
    monkeypatch.setattr(xlsform, "SURVEY", changed)
    assert xlsform.form_version() != first


def test_the_pcodes_file_lists_the_gazetteer(areas, client_for, cast):
    import csv
    import io

    response = client_for(cast["case_worker"]).get("/people/import/pcodes.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["name", "label"] and ["SY0101", "Damascus (SY0101)"] in rows
