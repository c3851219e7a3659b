"""What an attachment may be: the type is read from the content's signature, not the name."""

from __future__ import annotations

import zipfile

from django.conf import settings

MAX_BYTES_DEFAULT = 10 * 1024 * 1024

# type → (extensions allowed for it, content type served)
TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "pdf": ((".pdf",), "application/pdf"),
    "jpeg": ((".jpg", ".jpeg"), "image/jpeg"),
    "png": ((".png",), "image/png"),
    "docx": ((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def max_bytes() -> int:
    return int(getattr(settings, "CASES_ATTACHMENT_MAX_BYTES", MAX_BYTES_DEFAULT))


def detect(uploaded) -> str | None:
    """The file's type from its first bytes (and, for Office files, the zip's inner parts)."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check(uploaded) -> tuple[str | None, str | None]:
    """(type, None) when acceptable, else (None, a message saying why not)."""
    limit = max_bytes()
    if uploaded.size > limit:
        return None, f"The file is larger than {limit // (1024 * 1024)} MB."
    if uploaded.size == 0:
        return None, "The file is empty."
    found = detect(uploaded)
    if found is None:
        return None, "Only PDF, JPEG, PNG, DOCX and XLSX files are accepted."
    name = (uploaded.name or "").lower()
    if not name.endswith(TYPES[found][0]):
        return None, "The file's name does not match its content."
    return found, None


def content_type(file_type: str) -> str:
    return TYPES.get(file_type, ((), "application/octet-stream"))[1]
