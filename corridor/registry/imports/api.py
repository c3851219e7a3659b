"""API for imports, exports and the XLSForm: the same services and selectors as the pages.

Paths have three segments (/people/import/run, /people/export/csv, …) because the registry's
`/people/{person_id}` takes any single segment and is mounted first."""

import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Header, Query, Router, Schema, Status
from ninja.files import UploadedFile

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.core.api_schemas import ErrorOut, InvalidOut, ProblemOut
from corridor.core.errors import NotFound
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.fielddata.models import ImportKind
from corridor.registry.imports import exports, selectors, services, tasks, xlsform
from corridor.registry.models import Category, Sex
from corridor.tasks import selectors as task_selectors
from corridor.tasks.api import TaskOut, task_out

router = Router(tags=["registry imports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DuplicateOut(Schema):
    file: str
    row: int
    message: str


class PreviewRowOut(Schema):
    file: str
    row: int
    household: str
    given_name: str
    family_name: str
    original_script_name: str
    sex: str
    birth_date: str
    nationality: str
    category: str
    relation_to_head: str
    flags: list[str]


class ImportReportOut(Schema):
    file: str
    kind: str
    office: str
    dry_run: bool
    status: str
    households: int
    people: int
    skipped_submissions: int
    updated_submissions: int = Field(0, description="Kobo submissions edited since they were "
                                                    "imported: their households are updated")
    edits: dict[str, int] = Field(default_factory=dict, description="What the edited "
                                  "submissions changed: submissions, people_updated, "
                                  "people_added, people_no_longer_listed")
    left_out: dict[str, int] = Field(..., description="Kobo submissions left out by their "
                                                      "validation status: status -> how many")
    batch_id: int | None
    already_imported_batch_id: int | None
    problems: list[ProblemOut]
    duplicates: list[DuplicateOut]
    preview: list[PreviewRowOut]


class ExportFiltersIn(Schema):
    q: str = ""
    office_id: DbId | None = None
    category: Category | None = None
    sex: Sex | None = None
    nationality: str = ""


@router.post("/people/import/run",
             response={200: ImportReportOut, 201: ImportReportOut, 403: ErrorOut, 404: ErrorOut,
                       422: InvalidOut},
             summary="Check a file of people and households and, unless dry_run, import it whole",
             auth=permits("registry.import"))
def people_import(request: HttpRequest, file: File[UploadedFile], office_id: Form[DbId],
                  kind: Form[ImportKind] = ImportKind.SPREADSHEET, dry_run: Form[bool] = True,
                  every_status: Form[bool] = False,
                  idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """All or nothing: any problem (naming file, row and field) refuses the file with 422 and
    writes nothing. A dry run (the default) answers 200 with counts, possible duplicates and the
    first rows; an import answers 201. Submissions already imported into the office are skipped."""
    office = access_selectors.office_for_action(user=request.user, office_id=office_id,
                                                permission="registry.import")

    def run():
        report = services.people_import(actor=request.user, office=office, upload=file,
                                        kind=kind, dry_run=dry_run, every_status=every_status)
        batch = (selectors.batch_get_for_user(user=request.user, batch_id=report.batch_id)
                 if report.batch_id else None)
        return (201 if report.status == "imported" else 200), batch, report.as_dict()

    def replay(batch_id: int) -> dict:
        batch = selectors.batch_get_for_user(user=request.user, batch_id=batch_id)
        return services.ImportReport.of_batch(batch).as_dict()

    if dry_run:
        status, _batch, body = run()
        return Status(status, body)
    return idempotent_create(request, key=idempotency_key, endpoint="registry.import",
                             create=run, replay=replay)


@router.post("/people/import/tasks",
             response={202: TaskOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Start the import of a file of people and households as a background task",
             auth=permits("registry.import"))
def people_import_task(request: HttpRequest, file: File[UploadedFile], office_id: Form[DbId],
                       kind: Form[ImportKind] = ImportKind.SPREADSHEET,
                       every_status: Form[bool] = False,
                       idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Answers 202 at once with the task (`url` to poll, `page` for a person); the file is checked
    whole and imported in one transaction by the worker, or refused with nothing written (the
    task fails, `result.problems` counting the problems; the task's page lists them). The same
    file with the same options (and Idempotency-Key) started again is given the same task."""
    office = access_selectors.office_for_action(user=request.user, office_id=office_id,
                                                permission="registry.import")
    record = tasks.start_import(actor=request.user, office=office, upload=file, kind=kind,
                                every_status=every_status, client_key=idempotency_key or "")
    return Status(202, task_out(record))


@router.get("/people/import/tasks/{task_id}/report",
            response={200: ImportReportOut, 404: ErrorOut},
            summary="The full report of an import task: problems (file, row, field), duplicates, "
                    "first rows", auth=permits("registry.import"))
def people_import_task_report(request: HttpRequest, task_id: uuid.UUID):
    """For the user who started the task, once it has ended; 404 otherwise."""
    record = task_selectors.task_get_for_user(user=request.user, task_id=task_id)
    report = tasks.unseal(record) if record.kind in (tasks.CHECK, tasks.IMPORT) else None
    if report is None:
        raise NotFound("This task has no report (yet).")
    return report


def _export(request: HttpRequest, filters: ExportFiltersIn, file_format: str) -> HttpResponse:
    people = selectors.people_for_export(
        user=request.user, file_format=file_format,
        filters=selectors.ExportFilters(query=filters.q, office_id=filters.office_id,
                                        category=filters.category or "", sex=filters.sex or "",
                                        nationality=filters.nationality))
    if file_format == "csv":
        response = HttpResponse(exports.people_csv(people), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.people_xlsx(people), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="people.{file_format}"'
    return response


@router.get("/people/export/csv", response={200: None, 403: ErrorOut},
            summary="People in the export scope as CSV (audited; formula cells neutralised)",
            auth=permits("registry.export"))
def people_export_csv(request: HttpRequest, filters: Query[ExportFiltersIn]):
    return _export(request, filters, "csv")


@router.get("/people/export/xlsx", response={200: None, 403: ErrorOut},
            summary="People in the export scope as Excel (audited; formula cells neutralised)",
            auth=permits("registry.export"))
def people_export_xlsx(request: HttpRequest, filters: Query[ExportFiltersIn]):
    return _export(request, filters, "xlsx")


@router.get("/people/import/pcodes.csv", response={200: None, 403: ErrorOut},
            summary="The gazetteer's P-codes as the XLSForm's select_one_from_file reads them",
            auth=permits("registry.import"))
def people_pcodes(request: HttpRequest):
    response = HttpResponse(xlsform.pcodes_csv_bytes(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{xlsform.PCODES_FILE}"'
    return response


@router.get("/people/import/xlsform", response={200: None, 403: ErrorOut},
            summary="The household registration form as an XLSForm for ODK and KoboToolbox",
            auth=permits("registry.import"))
def people_xlsform(request: HttpRequest):
    response = HttpResponse(xlsform.xlsform_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{xlsform.FORM_ID}.xlsx"'
    return response
