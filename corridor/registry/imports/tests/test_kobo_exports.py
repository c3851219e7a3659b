"""KoboToolbox exports as they really come: a row of HXL hashtags under the header, the review
of each submission (`_validation_status`), and edited submissions (a new `_uuid`, the same
`meta/rootUuid`)."""

from __future__ import annotations

import json

import pytest

from corridor.fielddata.models import ImportedSubmission
from corridor.registry.imports import services
from corridor.registry.imports.tests.conftest import fixture_bytes, kobo_csv_zip, kobo_xlsx, upload
from corridor.registry.models import Household, Person


def run(cast, org, name, data, kind="field_export", **options):
    return services.people_import(actor=cast["case_worker"], office=org.country_a,
                                  upload=upload(name, data), kind=kind, dry_run=False, **options)


@pytest.mark.parametrize("name,data", [("kobo.xlsx", lambda: kobo_xlsx(hxl=True)),
                                       ("kobo-csv.zip", lambda: kobo_csv_zip(hxl=True))])
def test_the_hashtag_row_under_the_header_is_not_a_submission(org, cast, areas, name, data):
    report = run(cast, org, name, data())
    assert report.status == "imported" and (report.households, report.people) == (2, 3)
    assert not Person.objects.filter(given_name__startswith="#").exists()


def test_a_problem_in_an_export_with_hashtags_names_the_files_real_row(org, cast, areas):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(kobo_xlsx(hxl=True)))
    # Row 1 header, row 2 hashtags, row 3 Mariam: her birth date made impossible.
    book["members"].cell(row=3, column=6).value = "not a date"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(services.ImportRefused) as caught:
        run(cast, org, "kobo.xlsx", buffer.getvalue())
    problem = next(p for p in caught.value.report.problems if p["field"] == "birth_date")
    assert problem["row"] == 3
    assert Person.objects.count() == 0


def test_only_approved_submissions_are_imported_unless_every_one_is_asked_for(org, cast, areas):
    data = kobo_xlsx(statuses=("Approved", "On Hold"))
    preview = services.people_import(actor=cast["case_worker"], office=org.country_a,
                                     upload=upload("kobo.xlsx", data), kind="field_export")
    assert (preview.households, preview.people) == (1, 2)
    assert preview.left_out == {"on hold": 1}
    report = run(cast, org, "kobo.xlsx", data)
    assert report.people == 2 and not Person.objects.filter(given_name="Dawit").exists()
    # Asked for every submission: the one on hold comes in too (the approved one is not twice).
    everything = run(cast, org, "kobo.xlsx", kobo_xlsx(statuses=("Approved", "Not Approved")),
                     every_status=True)
    assert everything.left_out == {} and everything.people == 1
    assert Person.objects.filter(given_name="Dawit").count() == 1


def test_kobo_json_honours_the_review_and_leaves_the_unreviewed_out(org, cast, areas):
    document = json.loads(fixture_bytes("kobo.json"))
    document["results"][1]["_validation_status"] = {}
    data = json.dumps(document).encode()
    report = run(cast, org, "data.json", data, kind="kobo_json")
    assert report.households == 1 and report.left_out == {"not reviewed": 1}
    assert report.status == "imported"


def test_an_edited_submission_is_the_same_household_never_a_second(org, cast, areas):
    first = run(cast, org, "kobo.xlsx", kobo_xlsx())
    assert first.households == 2
    # The same export again: nothing new, nothing changed.
    again = run(cast, org, "kobo.xlsx", kobo_xlsx())
    assert again.status == "nothing_new" and again.updated_submissions == 0
    # Edited in Kobo: a new _uuid, the rootUuid of the original.
    edited = run(cast, org, "kobo.xlsx", kobo_xlsx(
        first_uuid="9d9d9d9d-edit-4bbb-8ccc-000000000001",
        first_root="5f1c2d3e-aaaa-4bbb-8ccc-000000000001"))
    assert edited.skipped_submissions == 1 and edited.updated_submissions == 1
    assert edited.edits["people_updated"] == 0  # its content did not change
    assert Household.objects.count() == 2
    assert Person.objects.filter(given_name="Mariam").count() == 1
    assert set(ImportedSubmission.objects.values_list("submission_id", flat=True)) == {
        "5f1c2d3e-aaaa-4bbb-8ccc-000000000001", "5f1c2d3e-aaaa-4bbb-8ccc-000000000002"}


def _edited_export() -> bytes:
    """The first submission edited in Kobo: Mariam's family name corrected, her phone changed,
    and a third member added to her household."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(kobo_xlsx(
        first_uuid="9d9d9d9d-edit-4bbb-8ccc-000000000002",
        first_root="5f1c2d3e-aaaa-4bbb-8ccc-000000000001")))
    members = book["members"]
    header = [c.value for c in members[1]]
    mariam = [c.value for c in members[2]]
    members.cell(row=2, column=header.index("members/family_name") + 1).value = "Salih"
    members.cell(row=2, column=header.index("members/phone") + 1).value = "+962790000009"
    newborn = list(mariam)
    for name, value in (("members/relation_to_head", "child"), ("members/given_name", "Nour"),
                        ("members/family_name", "Salih"), ("members/original_script_name", ""),
                        ("members/phone", ""), ("members/document_kind", ""),
                        ("members/document_number", ""), ("members/vulnerabilities", ""),
                        ("_index", 4)):
        newborn[header.index(name)] = value
    members.append(newborn)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_edited_submission_updates_the_household_it_created(org, cast, areas):
    from corridor.core.models import AuditEvent

    run(cast, org, "kobo.xlsx", kobo_xlsx())
    household = ImportedSubmission.objects.get(
        submission_id="5f1c2d3e-aaaa-4bbb-8ccc-000000000001").household
    mariam = Person.objects.get(given_name="Mariam")
    preview = services.people_import(actor=cast["case_worker"], office=org.country_a,
                                     upload=upload("kobo.xlsx", _edited_export()),
                                     kind="field_export")
    assert preview.status == "preview" and preview.updated_submissions == 1
    assert preview.households == 0
    report = run(cast, org, "kobo.xlsx", _edited_export())
    assert report.status == "imported" and report.households == 0
    assert report.edits == {"submissions": 1, "people_updated": 1, "people_added": 1,
                            "people_no_longer_listed": 0}
    mariam.refresh_from_db()
    assert mariam.family_name == "Salih" and mariam.household_id == household.pk
    assert mariam.version == 2
    assert set(mariam.phones.values_list("number", flat=True)) == {"+962790000001",
                                                                   "+962790000009"}
    assert set(household.members.values_list("given_name", flat=True)) == {"Mariam", "Sami",
                                                                          "Nour"}
    assert Household.objects.count() == 2 and Person.objects.count() == 4
    # Each change is in the trail, with who made it; a personal field keeps no value there.
    update = AuditEvent.objects.get(object_type="registry.person", object_id=str(mariam.pk),
                                    action="update", summary="")
    assert update.actor == cast["case_worker"] and update.changes == {"family_name": "changed"}
    # The same edited export once more: remembered, nothing changes.
    again = run(cast, org, "kobo.xlsx", _edited_export())
    assert again.status == "nothing_new" and Person.objects.count() == 4


@pytest.mark.parametrize("language,expected", [
    ("fr", ["code de pays inconnu 'XXX' (ISO 3166 alpha-3)", "kobo.xlsx [members], ligne 2"]),
    ("es", ["código de país desconocido 'XXX' (ISO 3166 alfa-3)", "kobo.xlsx [members], fila 2"]),
])
def test_an_imports_problems_are_written_in_the_readers_language(org, cast, areas, language,
                                                                 expected):
    import io

    from django.utils import translation
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(kobo_xlsx()))
    header = [c.value for c in book["members"][1]]
    book["members"].cell(row=2, column=header.index("members/nationality") + 1).value = "XXX"
    buffer = io.BytesIO()
    book.save(buffer)
    with translation.override(language), pytest.raises(services.ImportRefused) as caught:
        run(cast, org, "kobo.xlsx", buffer.getvalue())
    problem = next(p for p in caught.value.report.problems if p["field"] == "nationality")
    assert [problem["message"], problem["where"]] == expected
