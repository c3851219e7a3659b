"""Importing people and households from a file: read, check the whole file, then write it all in
one transaction with bulk inserts, or write nothing.

Idempotent: a form export's submissions are remembered per office (`fielddata.ImportedSubmission`),
so an export imported again creates only the submissions not seen before; a spreadsheet, which has
no submission ids, is remembered by the SHA-256 of its content and is not imported twice.

Audit: one `create` event for the batch (counts, file name, batch id), and the events a
registration one by one writes: one `create` per household (naming its member count and the
batch) and one per person, inserted in bulk in the import's transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.models import Office
from corridor.access.policies import can_in_office
from corridor.core import uploads
from corridor.core.audit import audit_record
from corridor.core.context import current_origin
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.core.models import AuditAction, AuditEvent
from corridor.fielddata.models import ImportBatch, ImportedSubmission, ImportKind
from corridor.geo.models import AdminArea
from corridor.registry import documents
from corridor.registry.imports import edits, readers, selectors, validation
from corridor.registry.models import (
    Consent,
    Household,
    IdentityDocument,
    Person,
    PersonNameKey,
    Phone,
)
from corridor.registry.search import name_keys
from corridor.registry.signals import announce_registered
from corridor.tasks.progress import Unwatched

PREVIEW_ROWS = 20
BATCH_SIZE = 1000


@dataclass
class ImportReport:
    file: str
    kind: str
    office: str
    dry_run: bool
    status: str = "refused"  # refused, preview, imported, nothing_new
    households: int = 0
    people: int = 0
    skipped_submissions: int = 0
    # Submissions edited in Kobo since they were imported: their households are updated.
    updated_submissions: int = 0
    edits: dict[str, int] = field(default_factory=dict)
    # Submissions left out because Kobo's review had not approved them: status -> how many.
    left_out: dict[str, int] = field(default_factory=dict)
    batch_id: int | None = None
    already_imported_batch_id: int | None = None
    problems: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def of_batch(cls, batch) -> ImportReport:
        """The report of a batch already imported, read again from what the batch keeps: counts,
        no rows (a replayed import is not a second preview of the people)."""
        return cls(file=batch.file_name, kind=batch.kind, office=batch.office.code,
                   dry_run=False, status="imported", households=batch.households_count,
                   people=batch.people_count, skipped_submissions=batch.skipped_count,
                   batch_id=batch.pk)


class ImportRefused(ValidationFailed):
    """The file as a whole is refused; `report` says why, naming file, row and field."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.problems)
        self.report = report


def _read(kind: str, name: str, data: bytes, every_status: bool) -> readers.ReadResult:
    if kind == ImportKind.SPREADSHEET:
        return readers.read_spreadsheet(name, data)
    if kind == ImportKind.FIELD_EXPORT:
        return readers.read_field_export(name, data, every_status=every_status)
    if kind == ImportKind.KOBO_JSON:
        return readers.read_kobo_json(name, data, every_status=every_status)
    raise readers.Unreadable(readers.problem(name, None, "kind", _("unknown import kind %(kind)r")
                                             % {"kind": kind}))


def _known_pcodes(rows: list[readers.SourceRow]) -> dict[str, int]:
    wanted = sorted({str(r.values.get("place_of_origin") or "").strip() for r in rows} - {""})
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        found.update(AdminArea.objects.filter(pcode__in=wanted[start:start + 500])
                     .values_list("pcode", "id"))
    return found


def _preview_row(member: validation.MemberPlan, household: validation.HouseholdPlan) -> dict:
    f = member.fields
    return {"file": member.source.file, "row": member.source.row, "household": household.key,
            "given_name": f["given_name"], "family_name": f["family_name"],
            "original_script_name": f["original_script_name"], "sex": f["sex"],
            "birth_date": f["birth_date"].isoformat() if f["birth_date"] else "",
            "nationality": f["nationality"], "category": f["category"],
            "relation_to_head": f["relation_to_head"], "flags": member.flags}


def check_office(actor, office: Office) -> None:
    if not can_in_office(actor, "registry.import", office.pk):
        raise PermissionDenied(_("You cannot import people into this office."))


def people_import(*, actor, office: Office, upload, kind: str, dry_run: bool = True,
                  every_status: bool = False, progress=None) -> ImportReport:
    """Check `upload` (a Django UploadedFile or File: name, size, read()) as a whole and, unless
    `dry_run`, import it into `office`. Raises ImportRefused (with its report) on any problem.

    A Kobo export that carries its review (`_validation_status`) gives only its approved
    submissions unless `every_status`; the report counts those left out. `progress` (a background
    task's: stage(), checked(), written()) hears each step."""
    progress = progress or Unwatched()
    check_office(actor, office)
    progress.stage("reading")
    name = (getattr(upload, "name", "") or "upload").rsplit("/", 1)[-1]
    report = ImportReport(file=name, kind=kind, office=office.code, dry_run=dry_run)
    try:
        data = uploads.read(upload, name)
        digest = hashlib.sha256(data).hexdigest()
        read = _read(kind, name, data, every_status)
    except (readers.Unreadable, uploads.UploadRefused) as exc:
        report.problems.append(exc.problem)
        raise ImportRefused(report) from None
    report.left_out = read.left_out
    report.problems += read.problems
    report.problems += validation.check_columns(read.columns, read.columns_file,
                                                spreadsheet=kind == ImportKind.SPREADSHEET)
    if report.problems:  # wrong columns: no point reading every row
        raise ImportRefused(report)
    progress.stage("checking", total=len(read.rows))
    plan = validation.build_plan(read.rows, office_country=office.country,
                                 known_pcodes=_known_pcodes(read.rows), checked=progress.checked)
    report.problems += plan.problems
    if report.problems:
        raise ImportRefused(report)
    households, edited = _new_households(office, kind, digest, plan, report)
    selectors.flag_existing_duplicates(user=actor, members=[m for h in households
                                                            for m in h.members])
    report.households = len(households)
    report.people = sum(len(h.members) for h in households)
    report.duplicates = [{"file": m.source.file, "row": m.source.row, "message": flag}
                         for h in households for m in h.members for flag in m.flags]
    report.preview = [_preview_row(m, h) for h in households for m in h.members][:PREVIEW_ROWS]
    report.updated_submissions = len(edited)
    if dry_run:
        report.status = "preview" if households or edited else "nothing_new"
        return report
    if not households and not edited:
        report.status = "nothing_new"
        return report
    progress.stage("writing")
    report.batch_id, counts = _write(actor=actor, office=office, kind=kind, name=name,
                                     digest=digest, households=households, edited=edited,
                                     skipped=report.skipped_submissions, written=progress.written)
    report.edits = {name: getattr(counts, name) for name in counts.__dataclass_fields__}
    report.status = "imported"
    return report


def _new_households(office: Office, kind: str, digest: str, plan: validation.Plan,
                    report: ImportReport) -> tuple[list[validation.HouseholdPlan], list]:
    """The households not imported before (by submission id, or, for spreadsheets, by file
    content), and the submissions imported before whose version has changed since (edited in
    Kobo: the same rootUuid, a new _uuid), each with what was remembered of it."""
    if kind == ImportKind.SPREADSHEET:
        earlier = (ImportBatch.objects.filter(office=office, sha256=digest)
                   .order_by("imported_at").first())
        if earlier is not None:
            report.already_imported_batch_id = earlier.pk
            report.skipped_submissions = len(plan.households)
            return [], []
        return plan.households, []
    ids = [h.submission_id for h in plan.households]
    seen: dict[str, ImportedSubmission] = {}
    for start in range(0, len(ids), 500):
        seen.update((s.submission_id, s) for s in ImportedSubmission.objects.filter(
            office=office, submission_id__in=ids[start:start + 500]))
    # A version remembered as blank was imported before versions were kept: not an edit.
    edited = [(h, seen[h.submission_id]) for h in plan.households if h.submission_id in seen
              and h.instance_id and seen[h.submission_id].instance_id
              and h.instance_id != seen[h.submission_id].instance_id]
    report.skipped_submissions = len(seen) - len(edited)
    return [h for h in plan.households if h.submission_id not in seen], edited


def _insert(model, rows: list[dict], written=None) -> None:
    """INSERT many rows with one executemany per chunk (COPY on PostgreSQL): the ORM's
    bulk_create builds a model instance and prepares every field of every row, four times
    slower on 100,000 people.
    Values of date, time and JSON fields go through the field's own database preparation."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in rows[0]]
    prepared = {f.attname for f in fields
                if f.get_internal_type() in ("DateField", "DateTimeField", "JSONField")}
    quote = connection.ops.quote_name
    # Table and column names come from the model and are quoted; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)))
    names = [f.attname for f in fields]
    by_name = {f.attname: f for f in fields}
    if connection.vendor == "postgresql":
        # COPY: PostgreSQL's own bulk path, several times faster than even pipelined INSERTs
        # (a million people spent most of their import in executemany). Triggers and
        # constraints apply to copied rows as to inserted ones.
        copy_sql = "COPY {} ({}) FROM STDIN".format(
            quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields))
        # psycopg writes dates and aware datetimes itself and JSON through its Jsonb wrapper:
        # Django's preparation of every value of a million rows cost more than copying them.
        from psycopg.types.json import Jsonb
        json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH_SIZE * 20):
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in rows[start:start + BATCH_SIZE * 20]:
                        copy.write_row([Jsonb(row[n]) if n in json_fields and row[n] is not None
                                        else row[n] for n in names])
                if written is not None:
                    written(min(start + BATCH_SIZE * 20, len(rows)))
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, [
                [by_name[n].get_db_prep_save(row[n], connection) if n in prepared and
                 row[n] is not None else row[n] for n in names]
                for row in rows[start:start + BATCH_SIZE]])
            if written is not None:
                written(min(start + BATCH_SIZE, len(rows)))


@transaction.atomic
def _write(*, actor, office: Office, kind: str, name: str, digest: str,
           households: list[validation.HouseholdPlan], edited: list, skipped: int,
           written=None) -> tuple[int, edits.EditCounts]:
    people_count = sum(len(h.members) for h in households)
    batch = ImportBatch.objects.create(office=office, kind=kind, file_name=name[:255],
                                       sha256=digest, people_count=people_count,
                                       households_count=len(households), skipped_count=skipped,
                                       imported_by=actor)
    now, today = timezone.now(), timezone.localdate()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    temporary = f"import-{batch.pk}-"
    _insert(Household, [
        {"office_id": office.pk, "reference": f"{temporary}{index:07d}", "address": h.address,
         "registered_by_id": actor_id, "version": 1, "created_at": now, "updated_at": now}
        for index, h in enumerate(households)])
    household_ids = list(Household.objects.filter(reference__startswith=temporary)
                         .order_by("reference").values_list("id", flat=True))
    _insert(Person, [
        {"office_id": office.pk, "household_id": household_id, "registered_by_id": actor_id,
         "aliases": [], **m.fields, "version": 1, "created_at": now, "updated_at": now}
        for household_id, h in zip(household_ids, households, strict=True) for m in h.members],
        written)
    # Rows inserted in this transaction, in insertion order: the ids follow the members' order.
    person_ids = list(Person.objects.filter(household__reference__startswith=temporary)
                      .order_by("id").values_list("id", flat=True))
    members = [m for h in households for m in h.members]
    pairs = list(zip(person_ids, members, strict=True))
    _insert(PersonNameKey, [
        {"person_id": p, "key": key} for p, m in pairs
        for key in name_keys([m.fields["given_name"], m.fields["family_name"],
                              m.fields["original_script_name"]])])
    _insert(Phone, [{"person_id": p, "number": m.phone, "label": ""} for p, m in pairs if m.phone])
    _insert(IdentityDocument, [
        {"person_id": p, "kind": m.document_kind,
         "number_encrypted": documents.encrypt(m.document_number),
         "number_digest": m.document_digest, "issuing_country": m.document_country,
         "expires_on": m.document_expires_on}
        for p, m in pairs if m.document_kind])
    _insert(Consent, [
        {"person_id": p, "purpose": purpose, "given": given, "recorded_on": today,
         "recorded_by_id": actor_id, "partner_id": None}
        for p, m in pairs for purpose, given in m.consents.items()])
    _insert(ImportedSubmission, [
        {"office_id": office.pk, "submission_id": h.submission_id[:100],
         "household_id": household_id, "batch_id": batch.pk, "imported_at": now,
         "imported_by_id": actor_id, "instance_id": h.instance_id[:100]}
        for household_id, h in zip(household_ids, households, strict=True) if h.submission_id])
    # The same reference as a household registered one by one: HH-<office>-<id, 6 digits>.
    digits = Cast("id", CharField())
    Household.objects.filter(reference__startswith=temporary).update(reference=Concat(
        Value(f"HH-{office.code}-"),
        Case(When(id__lt=1_000_000, then=LPad(digits, 6, Value("0"))), default=digits)))
    audit_record(actor=actor, action=AuditAction.CREATE, obj=batch, office_id=office.pk,
                 summary=f"Imported {people_count} people in {len(households)} households "
                         f"from {name}"[:255],
                 changes={"people": people_count, "households": len(households),
                          "skipped_submissions": skipped, "kind": kind})
    _audit_created(actor, office, household_ids, households, person_ids, batch, now)
    counts = edits.apply_edits(actor=actor, edited=edited)
    # The duplicate check hears of the new people once the import has committed.
    announce_registered(actor=actor, person_ids=person_ids, via="import")
    return batch.pk, counts


def _audit_created(actor, office, household_ids: list[int], plans, person_ids: list[int],
                   batch: ImportBatch, now) -> None:
    """The events a registration one by one writes (household_register: one `create` per
    household and one per person, as audit_record writes them), inserted in bulk."""
    origin = current_origin()
    authenticated = getattr(actor, "is_authenticated", False)
    common = {"at": now, "actor_id": actor.pk if authenticated else None,
              "actor_label": actor.get_username() if authenticated else "",
              "action": str(AuditAction.CREATE), "office_id": office.pk, "changes": {},
              "ip_address": origin.ip_address, "via": origin.via}
    _insert(AuditEvent, [
        {**common, "object_type": Household._meta.label_lower, "object_id": str(household_id),
         "summary": f"Imported with {len(plan.members)} members (batch {batch.pk})"}
        for household_id, plan in zip(household_ids, plans, strict=True)])
    _insert(AuditEvent, [
        {**common, "object_type": Person._meta.label_lower, "object_id": str(person_id),
         "summary": ""} for person_id in person_ids])
