"""Files of publications and meetings: size-checked through corridor.core.uploads, typed by their
first bytes (not by the name or the browser's word), stored with their digest; public once the
item is published (an added file of a public item waits for the next publication)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core import uploads
from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.portal import languages
from corridor.portal.models import Item, ItemFile, Kind

# (extension, content type, how its first bytes begin)
TYPES = [("pdf", "application/pdf", b"%PDF-"), ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
         ("jpg", "image/jpeg", b"\xff\xd8\xff")]
OFFICE = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
          "odt": "application/vnd.oasis.opendocument.text"}


def content_type_of(name: str, data: bytes) -> str | None:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for ext, content_type, magic in TYPES:
        if data.startswith(magic) and (extension == ext or (ext == "jpg" and extension == "jpeg")):
            return content_type
    if extension in OFFICE and uploads.is_zip(data):
        uploads.check_zip(name, data)
        return OFFICE[extension]
    return None


@transaction.atomic
def file_add(*, actor, item: Item, upload, title: dict, language: str) -> ItemFile:
    name = (upload.name or "file").rsplit("/", 1)[-1]
    if item.kind not in (Kind.PUBLICATION, Kind.MEETING):
        raise uploads.UploadRefused(name, _("Only publications and meetings hold files."))
    data = uploads.read(upload, name)
    content_type = content_type_of(name, data)
    if content_type is None:
        raise uploads.UploadRefused(name, _("%(file)s is not a PDF, Word, OpenDocument, Excel, "
                                            "PowerPoint, PNG or JPEG file.") % {"file": name})
    if language not in languages.codes():
        raise uploads.UploadRefused(name, _("Unknown language."))
    stored = ItemFile(item=item, title=languages.clean(title) or {language: name}, language=language,
                      content_type=content_type, size=len(data),
                      sha256=hashlib.sha256(data).hexdigest())
    stored.file.save(name, ContentFile(data), save=False)
    stored.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=item, summary=f"Portal file {name} added")
    return stored
