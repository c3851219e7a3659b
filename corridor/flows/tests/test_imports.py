"""Imports: whole-file validation with row and field, all or nothing, idempotent, every format."""

from __future__ import annotations

import pytest

from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditEvent
from corridor.flows import selectors, services
from corridor.flows.models import ImportBatch
from corridor.flows.tests.helpers import COUNT_HEADER, count_row, counts_csv, day, xlsx
from corridor.tasks.tests.helpers import run_tasks, task_of


def total_counted(user) -> int | None:
    scope = selectors.scope_for(user=user, query=selectors.FlowQuery(date_from=None))
    rows = selectors.breakdown(scope=scope, by="direction")
    return next(r["count"] for r in rows if r["direction"] == "TOTAL")


def problems_of(exc: ValidationFailed) -> set[tuple[str, str]]:
    return {(p["row"], p["field"]) for p in exc.problems}


def test_a_valid_file_is_loaded_recorded_and_audited(org, cast, points):
    analyst = cast["data_analyst"]
    data = counts_csv([count_row(count=40), count_row(sex="male", count=60)])
    outcome = services.flows_import(actor=analyst, office=org.country_a, kind="counts", data=data,
                                    filename="week.csv")
    assert outcome.created and outcome.batch.row_count == 2
    assert outcome.batch.created_by == analyst
    assert total_counted(analyst) == 100
    assert AuditEvent.objects.filter(object_type="flows.importbatch", actor=analyst).exists()


def test_a_bad_file_names_each_row_and_field_and_loads_nothing(org, cast, points):
    analyst = cast["data_analyst"]
    good = count_row(count=40)
    data = counts_csv([
        good,
        count_row(origin="XX99"),  # row 3: unknown P-code
        count_row(days_ago=-5),  # row 4: in the future
        count_row(count=-3),  # row 5: negative
        count_row(point="UA-P1"),  # row 6: another office's point
    ])
    with pytest.raises(ValidationFailed) as caught:
        services.flows_import(actor=analyst, office=org.country_a, kind="counts", data=data,
                              filename="bad.csv")
    found = problems_of(caught.value)
    assert {("3", "origin"), ("4", "date"), ("5", "count"), ("6", "point")} <= found
    assert not any(row == "2" for row, _field in found)
    messages = " ".join(p["message"] for p in caught.value.problems)
    assert "unknown P-code" in messages and "future" in messages and "negative" in messages
    assert ImportBatch.objects.count() == 0
    assert total_counted(analyst) == 0  # the good row was not loaded either


def test_reimporting_the_same_file_changes_nothing(org, cast, points):
    analyst = cast["data_analyst"]
    data = counts_csv([count_row(count=40)])
    first = services.flows_import(actor=analyst, office=org.country_a, kind="counts", data=data,
                                  filename="a.csv")
    again = services.flows_import(actor=analyst, office=org.country_a, kind="counts", data=data,
                                  filename="a-copy.csv")
    assert again.batch.pk == first.batch.pk and not again.created
    assert ImportBatch.objects.count() == 1
    assert total_counted(analyst) == 40
    # Another file repeating the same rows replaces them by natural key: no double counting.
    services.flows_import(actor=analyst, office=org.country_a, kind="counts",
                          data=data + b"\n", filename="b.csv")
    assert total_counted(analyst) == 40


def test_a_survey_without_consent_is_refused(org, cast, points):
    data = (b"survey_id,date,point,direction,nationality,sex,consent\n"
            + f"S1,{day(2)},JO-P1,in,SYR,female,yes\nS2,{day(2)},JO-P1,in,SYR,male,no\n".encode())
    with pytest.raises(ValidationFailed) as caught:
        services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="surveys",
                              data=data, filename="survey.csv")
    assert ("3", "consent") in problems_of(caught.value)


def test_an_assessment_file_mixing_rounds_is_refused(org, cast, points):
    header = "round,assessment_type,date,admin_pcode,population_type,individuals\n"
    rows = (f"2,baseline,{day(9)},JO11,idp,300\n2,baseline,{day(9)},JO12,idp,200\n"
            f"3,baseline,{day(9)},JO13,idp,50\n")
    with pytest.raises(ValidationFailed) as caught:
        services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="assessments",
                              data=(header + rows).encode(), filename="round.csv")
    assert ("4", "round") in problems_of(caught.value)
    assert "mixes assessment rounds" in caught.value.problems[0]["message"]


def test_an_assessment_round_is_recorded(org, cast, points):
    header = "round,assessment_type,date,admin_pcode,population_type,individuals\n"
    rows = f"2,baseline,{day(9)},JO11,idp,300\n2,baseline,{day(9)},JO12,idp,200\n"
    outcome = services.flows_import(actor=cast["data_analyst"], office=org.country_a,
                                    kind="assessments", data=(header + rows).encode(), filename="r2.csv")
    assert outcome.batch.round == 2


def test_hxl_tagged_rows_are_numbered_after_the_hashtag_row(org, cast, points):
    tags = ("#date,#loc+code,#meta+direction,#country+code+nationality,#sex,#age+group,#meta+mode,"
            "#meta+reason,#adm1+code+origin,#adm1+code+destination,#affected+num")
    good = counts_csv([count_row(count=12)]).decode().splitlines()[1]
    bad = counts_csv([count_row(count=-1, sex="male")]).decode().splitlines()[1]
    data = "\n".join(["Date,Point,Dir,Nat,Sex,Age,Mode,Reason,From,To,People", tags, good, bad]).encode()
    with pytest.raises(ValidationFailed) as caught:
        services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="counts",
                              data=data, filename="hxl.csv")
    assert problems_of(caught.value) == {("4", "count")}
    fixed = "\n".join(["Date,Point,Dir,Nat,Sex,Age,Mode,Reason,From,To,People", tags, good]).encode()
    outcome = services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="counts",
                                    data=fixed, filename="hxl.csv")
    assert outcome.batch.row_count == 1


def test_excel_and_form_exports_are_read(org, cast, points):
    analyst = cast["data_analyst"]
    rows = [COUNT_HEADER.split(","), list(count_row(count=7)), list(count_row(sex="male", count=9))]
    outcome = services.flows_import(actor=analyst, office=org.country_a, kind="counts", data=xlsx(rows),
                                    filename="week.xlsx")
    assert outcome.batch.row_count == 2
    # A KoboToolbox export: grouped question names, _uuid, labels in capitals, extra columns.
    kobo = ("start,group_where/point,group_where/direction,group_who/nationality,group_who/sex,"
            "consent,_uuid,_submission_time,_index\n"
            f"x,JO-P1,In,syr,Female,Yes,u-1,{day(1)}T10:00:00,1\n").encode()
    outcome = services.flows_import(actor=analyst, office=org.country_a, kind="surveys", data=kobo,
                                    filename="kobo.csv")
    assert outcome.batch.row_count == 1


def test_import_page_starts_a_task_that_shows_problems_and_keeps_nothing(org, cast, points,
                                                                          client_for, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast["data_analyst"])
    upload = SimpleUploadedFile("bad.csv", counts_csv([count_row(count=-2)]), content_type="text/csv")
    record = task_of(client.post("/flows/imports/", {"kind": "counts", "office": org.country_a.pk,
                                                     "file": upload}))
    assert record.status == "queued" and ImportBatch.objects.count() == 0
    assert "1 task(s) run" in run_tasks()
    record.refresh_from_db()
    assert record.status == "failed" and record.result["problems"] == 1
    page = client.get(f"/tasks/{record.pk}/").content.decode()
    assert "negative count" in page and "row 2" in page
    assert ImportBatch.objects.count() == 0
    assert list((settings.MEDIA_ROOT / "imports" / "pending").iterdir()) == []  # file deleted


def test_import_page_task_imports_a_good_file_once(org, cast, points, client_for, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast["data_analyst"])
    data = counts_csv([count_row(count=40)])

    def start():
        return task_of(client.post("/flows/imports/", {
            "kind": "counts", "office": org.country_a.pk,
            "file": SimpleUploadedFile("week.csv", data, content_type="text/csv")}))

    first = start()
    assert start().pk == first.pk  # the same file again, while queued: the same task
    run_tasks()
    first.refresh_from_db()
    batch = ImportBatch.objects.get()
    assert first.status == "succeeded" and first.result["batch_id"] == batch.pk
    assert first.rows_written == batch.row_count == 1
    page = client.get(f"/tasks/{first.pk}/").content.decode()
    assert f'href="/flows/imports/{batch.pk}/"' in page
    # In French, the worker reports in the language of the person who started the task.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    bad = task_of(client.post("/flows/imports/", {
        "kind": "counts", "office": org.country_a.pk,
        "file": SimpleUploadedFile("mauvais.csv", counts_csv([count_row(count=-2)]))}))
    run_tasks()
    bad.refresh_from_db()
    assert bad.result["problem_list"][0]["where"] == "mauvais.csv, ligne 2"


def test_api_import_task_answers_202_and_is_polled(org, cast, points, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast["data_analyst"])

    def post(data, office=None):
        return client.post("/api/v1/flows/imports/tasks", {
            "kind": "counts", "office_id": (office or org.country_a).pk,
            "file": SimpleUploadedFile("w.csv", data, content_type="text/csv")})

    started = post(counts_csv([count_row(count=40)]))
    assert started.status_code == 202, started.content
    assert started.json()["status"] == "queued" and started.json()["finished"] is False
    run_tasks()
    done = client.get(started.json()["url"]).json()
    assert done["status"] == "succeeded" and done["result"]["rows"] == 1
    refused = post(counts_csv([count_row(origin="ZZ01")]))
    run_tasks()
    problems = client.get(refused.json()["url"]).json()["result"]["problem_list"]
    assert problems[0]["row"] == "2" and problems[0]["field"] == "origin"
    assert post(counts_csv([count_row(count=40)]), office=org.country_b).status_code == 404
    # Another user never sees the task.
    assert client_for(cast["case_worker"]).get(started.json()["url"]).status_code == 404


def test_api_import_is_idempotent_and_reports_problems(org, cast, points, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast["data_analyst"])

    def post(data, key=None):
        extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return client.post("/api/v1/flows/imports", {
            "kind": "counts", "office_id": org.country_a.pk,
            "file": SimpleUploadedFile("w.csv", data, content_type="text/csv")}, **extra)

    data = counts_csv([count_row(count=40)])
    first = post(data, key="upload-1")
    assert first.status_code == 201, first.content
    assert post(data, key="upload-1").json() == first.json()  # a replayed request
    again = post(data)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    bad = post(counts_csv([count_row(origin="ZZ01")]))
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["row"] == 2 and bad.json()["problems"][0]["field"] == "origin"
    other_office = client.post("/api/v1/flows/imports", {
        "kind": "counts", "office_id": org.country_b.pk,
        "file": SimpleUploadedFile("w.csv", data, content_type="text/csv")})
    assert other_office.status_code == 404


def test_figures_follow_each_new_import(org, cast, points):
    analyst = cast["data_analyst"]
    services.flows_import(actor=analyst, office=org.country_a, kind="counts",
                          data=counts_csv([count_row(count=40)]), filename="a.csv")
    assert total_counted(analyst) == 40
    services.flows_import(actor=analyst, office=org.country_a, kind="counts",
                          data=counts_csv([count_row(days_ago=5, count=10)]), filename="b.csv")
    assert total_counted(analyst) == 50


def test_events_are_recorded_in_the_office_countries_only(org, cast, gazetteer):
    import datetime as dt

    from corridor.flows.models import DisplacementEvent

    analyst = cast["data_analyst"]
    event = services.event_record(actor=analyst, office=org.country_a, admin_area=gazetteer["JO22"],
                                  date=dt.date.today(), kind="flood", individuals=120, households=25)
    assert AuditEvent.objects.filter(object_type="flows.displacementevent", object_id=str(event.pk)).exists()
    with pytest.raises(ValidationFailed):
        services.event_record(actor=analyst, office=org.country_a, admin_area=gazetteer["UA46"],
                              date=dt.date.today(), kind="flood", individuals=5)
    with pytest.raises(ValidationFailed):
        services.event_record(actor=analyst, office=org.country_a, admin_area=gazetteer["JO22"],
                              date=dt.date.today() + dt.timedelta(days=2), kind="flood", individuals=5)
    from corridor.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.event_record(actor=cast["case_worker"], office=org.country_a,
                              admin_area=gazetteer["JO22"], date=dt.date.today(), kind="flood",
                              individuals=5)
    assert DisplacementEvent.objects.count() == 1
