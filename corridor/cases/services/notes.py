"""Notes and attachments on a case."""

from __future__ import annotations

import os
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.cases import attachments
from corridor.cases.models import Case, CaseAttachment, CaseNote, EventKind
from corridor.cases.services._common import check, event_add
from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditAction


@transaction.atomic
def note_add(*, actor, case: Case, text: str) -> CaseNote:
    check(actor, case)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed([{"field": "text", "message": _("A note cannot be empty.")}])
    note = CaseNote.objects.create(case=case, author=actor, text=text)
    event_add(case=case, actor=actor, kind=EventKind.NOTE_ADDED, detail={"note_id": note.pk})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=note, office_id=case.office_id,
                 summary=case.reference)
    return note


@transaction.atomic
def attachment_add(*, actor, case: Case, uploaded) -> CaseAttachment:
    """Keep an uploaded file if its content is an accepted type within the size limit."""
    check(actor, case)
    file_type, problem = attachments.check(uploaded)
    if problem:
        raise ValidationFailed([{"field": "file", "message": problem}])
    original = os.path.basename(uploaded.name or "")[:200]
    extension = attachments.TYPES[file_type][0][0]
    uploaded.name = f"{uuid.uuid4().hex}{extension}"  # stored under a name that tells nothing
    attachment = CaseAttachment(case=case, uploaded_by=actor, file=uploaded,
                                original_name=original, file_type=file_type, size=uploaded.size)
    try:
        attachment.save()
        event_add(case=case, actor=actor, kind=EventKind.ATTACHMENT_ADDED,
                  detail={"attachment_id": attachment.pk, "name": original, "type": file_type})
        audit_record(actor=actor, action=AuditAction.CREATE, obj=attachment,
                     office_id=case.office_id, summary=case.reference)
    except Exception:
        if attachment.file.name:  # the row is rolled back; leave no file without it
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
