"""Importing an IATI activity file: all or nothing, every problem named with its line and path.

The file must first pass the whole validation (schema, codelists, core rules, against `today`).
Then each activity must be the organisation's own (reporting-org ref is IATI_ORG_REF), appear
once in the file, and not be one a Corridor project publishes (that one comes from the project).
An activity already imported is replaced by the file's. One transaction: a refusal writes
nothing; the import is audited as one event naming the file and the counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.iati.models import ImportedActivity
from corridor.iati.selectors import identifier_of
from corridor.partners.models import Project
from engines.iati import IatiError, Problem, iter_activities, validate


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int


def import_activity_file(path: Path, *, today: dt.date, actor=None) -> ImportResult:
    problems = validate(path, today=today)
    if problems:
        raise IatiError(problems)
    from_projects = {identifier_of(code) for code in Project.objects.values_list("code", flat=True)}
    created = replaced = 0
    seen: dict[str, int] = {}
    problems = []
    with transaction.atomic():
        for activity, line in iter_activities(path):
            where = f"/iati-activities/iati-activity (line {line})"
            if activity.reporting_org.ref != settings.IATI_ORG_REF:
                problems.append(Problem(activity.identifier, f"{where}/reporting-org/@ref", line,
                                        f"reported by '{activity.reporting_org.ref}', not by "
                                        f"this organisation ({settings.IATI_ORG_REF})"))
                continue
            if activity.identifier in seen:
                problems.append(Problem(activity.identifier, f"{where}/iati-identifier", line,
                                        f"also at line {seen[activity.identifier]}"))
                continue
            seen[activity.identifier] = line
            if activity.identifier in from_projects:
                problems.append(Problem(activity.identifier, f"{where}/iati-identifier", line,
                                        "published from a Corridor project; it cannot also be "
                                        "imported"))
                continue
            _row, was_created = ImportedActivity.objects.update_or_create(
                identifier=activity.identifier,
                defaults={"xml": ImportedActivity.xml_of(activity), "source": path.name[:255],
                          "line": line})
            created += was_created
            replaced += not was_created
        if problems:
            raise IatiError(problems)
        audit_record(actor=actor, action=AuditAction.CREATE, object_type="iati.importedactivity",
                     summary=f"IATI import of {path.name}: {created} new, {replaced} replaced")
    return ImportResult(created, replaced)
