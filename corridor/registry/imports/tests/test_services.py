"""Imports: every supported shape creates the right households; a second run creates nothing; any
bad input refuses the whole file, naming file, row and field, and writes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings

from corridor.core.errors import PermissionDenied
from corridor.core.models import AuditAction, AuditEvent
from corridor.fielddata.models import ImportBatch, ImportedSubmission
from corridor.registry import documents, search
from corridor.registry.imports import services
from corridor.registry.imports.tests.conftest import (
    fixture_bytes,
    kobo_csv_zip,
    kobo_xlsx,
    odk_zip,
    people_csv,
    upload,
)
from corridor.registry.models import Consent, Household, IdentityDocument, Person, Phone
from corridor.registry.tests.factories import PersonFactory


def run(cast, org, name, data, kind="spreadsheet", dry_run=False, user="case_worker"):
    return services.people_import(actor=cast[user], office=org.country_a,
                                  upload=upload(name, data), kind=kind, dry_run=dry_run)


def refused(cast, org, name, data, kind="spreadsheet"):
    with pytest.raises(services.ImportRefused) as caught:
        run(cast, org, name, data, kind)
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    return caught.value.report.problems


def test_a_spreadsheet_creates_households_with_their_details(org, cast, areas):
    report = run(cast, org, "people.csv", fixture_bytes("people.csv"))
    assert report.status == "imported" and (report.households, report.people) == (2, 5)
    amina = Person.objects.get(given_name="Amina")
    assert amina.original_script_name == "أمينة حداد" and amina.place_of_origin.pcode == "SY0101"
    assert amina.vulnerabilities == ["single_parent"] and amina.languages == ["ar", "en"]
    assert amina.household.reference == f"HH-CA-{amina.household_id:06d}"
    assert amina.household.address == "Block 4, Zaatari camp"
    assert amina.household.members.count() == 3
    # Found by name as one registered on the page: keys of the Latin and the Arabic names.
    for query in ("Amina Haddad", "أمينة", "AMINA HADAD"):
        assert list(search.named(Person.objects.all(), query)) == [amina], query
    assert amina in search.named(Person.objects.all(), "حداد")
    assert amina.registered_by == cast["case_worker"]
    assert Phone.objects.get(person=amina).number == "+962791234567"
    # A national number is read in the office's country (Jordan).
    assert Phone.objects.get(person__given_name="Olena").number == "+962791112233"
    document = IdentityDocument.objects.get(person=amina)
    assert document.number_digest == documents.digest("UNHCR12345678")
    assert documents.decrypt(document.number_encrypted) == "UNHCR-123-45678"
    assert Consent.objects.filter(person__given_name="Omar", purpose="tracing",
                                  given=False).exists()
    assert Person.objects.get(given_name="Taras").birth_date_precision == "month"


def test_the_import_is_audited_per_batch_and_household(org, cast, areas):
    report = run(cast, org, "people.csv", fixture_bytes("people.csv"))
    batch = AuditEvent.objects.get(object_type="fielddata.importbatch")
    assert batch.action == AuditAction.CREATE and batch.object_id == str(report.batch_id)
    assert batch.changes["people"] == 5 and batch.office_id == org.country_a.pk
    assert batch.actor == cast["case_worker"]
    events = AuditEvent.objects.filter(object_type="registry.household")
    assert sorted(int(e.object_id) for e in events) == sorted(
        Household.objects.values_list("pk", flat=True))


def test_a_dry_run_writes_nothing(org, cast, areas):
    report = run(cast, org, "people.csv", fixture_bytes("people.csv"), dry_run=True)
    assert report.status == "preview" and report.people == 5
    assert report.preview[0]["given_name"] == "Amina"
    assert Person.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type__in=["registry.household",
                                                          "fielddata.importbatch"]).exists()


def test_the_same_spreadsheet_twice_creates_nothing_twice(org, cast, areas):
    first = run(cast, org, "people.csv", fixture_bytes("people.csv"))
    again = run(cast, org, "people (copy).csv", fixture_bytes("people.csv"))
    assert again.status == "nothing_new" and again.already_imported_batch_id == first.batch_id
    assert Person.objects.count() == 5


@pytest.mark.parametrize("kind,name,data,people,households", [
    ("field_export", "kobo.xlsx", kobo_xlsx, 3, 2),
    ("field_export", "kobo-csv.zip", kobo_csv_zip, 3, 2),
    ("field_export", "odk.zip", odk_zip, 3, 2),
    ("kobo_json", "data.json", lambda: fixture_bytes("kobo.json"), 3, 2),
])
def test_form_exports_import_and_a_second_run_creates_nothing(org, cast, areas, kind, name,
                                                             data, people, households):
    report = run(cast, org, name, data(), kind=kind)
    assert (report.people, report.households) == (people, households), report.problems
    assert ImportedSubmission.objects.filter(office=org.country_a).count() == households
    heads = Person.objects.filter(relation_to_head="head")
    assert heads.count() == households
    assert all(h.household.members.count() >= 1 for h in heads)
    again = run(cast, org, name, data(), kind=kind)
    assert again.status == "nothing_new" and again.skipped_submissions == households
    assert Person.objects.count() == people and Household.objects.count() == households


def test_an_export_with_new_submissions_imports_only_those(org, cast, areas):
    run(cast, org, "kobo.xlsx", kobo_xlsx(), kind="field_export")
    report = run(cast, org, "kobo.xlsx", kobo_xlsx(first_uuid="new-uuid-1"),
                 kind="field_export")
    assert (report.households, report.skipped_submissions, report.people) == (1, 1, 2)
    assert Person.objects.filter(given_name="Mariam").count() == 2


def test_odk_members_are_joined_to_their_submission(org, cast, areas):
    run(cast, org, "odk.zip", odk_zip(), kind="field_export")
    yusuf = Person.objects.get(given_name="Yusuf")
    assert yusuf.household.address == "Mafraq"
    assert set(yusuf.household.members.values_list("given_name", flat=True)) == {"Yusuf", "Huda"}
    submission = ImportedSubmission.objects.get(household=yusuf.household)
    assert submission.submission_id == "uuid:4b0f7f0e-0d5e-4bb1-9d0a-1f4f3d2a8c11"


def test_kobo_json_reads_nested_members(org, cast, areas):
    run(cast, org, "data.json", fixture_bytes("kobo.json"), kind="kobo_json")
    fatima = Person.objects.get(given_name="Fatima")
    assert fatima.vulnerabilities == ["single_parent", "pregnant_or_lactating"]
    assert fatima.household.address == "Sahab, block 7"
    assert Person.objects.get(given_name="Mekdes").original_script_name == "መቅደስ ተስፋዬ"


def _one(problems, field):
    found = [p for p in problems if p["field"] == field]
    assert found, problems
    return found[0]


@pytest.mark.parametrize("replacement,row,field,words", [
    (("1985-04-12", "12/04/1985"), 2, "birth_date", "not a date"),
    (("SYR,SY0101,refugee,single", "XYZ,SY0101,refugee,single"), 2, "nationality",
     "unknown country"),
    (("SY0101,refugee,single", "SY9999,refugee,single"), 2, "place_of_origin", "unknown P-code"),
    (("SYR,SY0101,refugee,single", "SYR,SY0101,tourist,single"), 2, "category",
     "unknown category"),
    (("female,1985", "woman,1985"), 2, "sex", "unknown sex"),
    (("separated_child disability", "separated_child blind"), 4, "vulnerabilities",
     "unknown vulnerability"),
    (("SY-BC-99812", "UNHCR-123-45678"), 4, "document_number", "same document number as row 2"),
    (("H2,spouse,Taras", "H2,head,Taras"), 5, "relation_to_head", "2 heads"),
    (("Omar,Haddad", "=HYPERLINK(\"\"http://x\"\"),Haddad"), 3, "given_name", "formula"),
    (("Omar,Haddad", "@SUM(A1),Haddad"), 3, "given_name", "formula"),
    (("Omar,Haddad", "Omar,-2+3"), 3, "family_name", "formula"),
    (("Omar,Haddad", "Omar,+cmd"), 3, "family_name", "formula"),
    (("ar,,,,,yes,no", "ar,+44 oops=1,,,,yes,no"), 3, "phone", "formula"),
])
def test_bad_input_refuses_the_whole_file(org, cast, areas, replacement, row, field, words):
    problems = refused(cast, org, "people.csv", people_csv(replacement))
    problem = _one(problems, field)
    assert problem["file"] == "people.csv" and problem["row"] == row
    assert words in problem["message"]


def test_the_same_person_twice_in_one_file_is_refused(org, cast, areas):
    extra = ("H3,head,Amina,Haddad,,female,1985-04-12,exact,SYR,,refugee,,,00962791234567,,,,,,\n")
    problems = refused(cast, org, "people.csv", fixture_bytes("people.csv") + extra.encode())
    problem = _one(problems, "phone")
    assert problem["row"] == 7 and "same person" in problem["message"]


def test_missing_and_unknown_columns_are_named(org, cast, areas):
    text = fixture_bytes("people.csv").decode().replace("category,", "categorie,", 1)
    problems = refused(cast, org, "people.csv", text.encode())
    assert {(p["field"], p["row"]) for p in problems} == {("category", 1), ("categorie", 1)}
    assert "missing" in _one(problems, "category")["message"]


def test_a_file_not_in_utf8_is_refused_and_utf8_with_bom_accepted(org, cast, areas):
    latin = "household_ref,relation_to_head,given_name,category\nH1,head,Zoé,refugee\n"
    problems = refused(cast, org, "people.csv", latin.encode("latin-1"))
    assert problems[0]["row"] == 2 and "not UTF-8" in problems[0]["message"]
    report = run(cast, org, "people.csv", "\ufeff".encode() + latin.encode())
    assert report.people == 1 and Person.objects.get().given_name == "Zoé"


def test_a_file_over_the_size_limit_is_refused_before_reading(org, cast, areas):
    big = upload("huge.csv", b"household_ref\n")
    big.size = (settings.UPLOAD_MAX_MB + 1) * 1024 * 1024
    with pytest.raises(services.ImportRefused) as caught:
        services.people_import(actor=cast["case_worker"], office=org.country_a, upload=big,
                               kind="spreadsheet")
    assert f"upload limit of {settings.UPLOAD_MAX_MB} MB" in caught.value.report.problems[0]["message"]


def test_excel_cells_holding_formulas_are_refused(org, cast, areas):
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["household_ref", "relation_to_head", "given_name", "category"])
    sheet.append(["H1", "head", "Amina", "refugee"])
    sheet.append(["H2", "head", '=HYPERLINK("http://evil.example","x")', "refugee"])
    buffer = BytesIO()
    workbook.save(buffer)
    problems = refused(cast, org, "people.xlsx", buffer.getvalue())
    assert (problems[0]["file"], problems[0]["row"], problems[0]["field"]) == (
        "people.xlsx [Sheet]", 3, "given_name")


def test_a_broken_form_export_names_the_submission(org, cast, areas):
    text = fixture_bytes("odk_household.csv").decode().replace(
        "uuid:4b0f7f0e-0d5e-4bb1-9d0a-1f4f3d2a8c11,uuid:4b0f7f0e-0d5e-4bb1-9d0a-1f4f3d2a8c11",
        "uuid:4b0f7f0e-0d5e-4bb1-9d0a-1f4f3d2a8c11,uuid:other")
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("household.csv", text)
        archive.writestr("household-members.csv", fixture_bytes("odk_household-members.csv"))
    problems = refused(cast, org, "odk.zip", buffer.getvalue(), kind="field_export")
    assert problems[0]["file"] == "odk.zip/household.csv" and problems[0]["row"] == 2
    assert "no household member" in problems[0]["message"]


def test_an_office_outside_the_import_scope_is_refused(org, cast, areas):
    with pytest.raises(PermissionDenied):
        services.people_import(actor=cast["outsider"], office=org.country_a,
                               upload=upload("people.csv", fixture_bytes("people.csv")),
                               kind="spreadsheet", dry_run=True)
    with pytest.raises(PermissionDenied):
        run(cast, org, "people.csv", fixture_bytes("people.csv"), user="data_analyst")
    assert Person.objects.count() == 0


def test_existing_exact_duplicates_are_flagged_in_the_preview(org, cast, areas):
    earlier = PersonFactory(office=org.country_a, given_name="Amina")
    IdentityDocument.objects.create(person=earlier, kind="refugee_id", number_encrypted="x",
                                    number_digest=documents.digest("unhcr 123 45678"))
    Phone.objects.create(person=earlier, number="+962791112233")
    hidden = PersonFactory(office=org.country_b)
    IdentityDocument.objects.create(person=hidden, kind="passport", number_encrypted="x",
                                    number_digest=documents.digest("FX123456"))
    report = run(cast, org, "people.csv", fixture_bytes("people.csv"), dry_run=True)
    messages = {(d["row"], d["message"]) for d in report.duplicates}
    assert messages == {(2, f"same document as person #{earlier.pk} in CA"),
                        (5, f"same phone as person #{earlier.pk} in CA")}
    assert report.preview[0]["flags"] == [f"same document as person #{earlier.pk} in CA"]
