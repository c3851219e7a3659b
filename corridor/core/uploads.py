"""Limits on uploaded files, checked before a parser spends time or memory on them.

Every upload path goes through here: the registry import (spreadsheets, KoboToolbox/ODK exports,
Kobo JSON), the flows import and the gazetteer/sites import (both through
`corridor.geo.tabular.read_table`) and the evacuation lists. The limits are settings
(`UPLOAD_MAX_*`, see config/settings.py), read at each call.

An .xlsx (and a ZIP of CSV files) is a ZIP archive. A few megabytes can inflate to gigabytes of
XML, which openpyxl would parse for minutes: the central directory's member count and declared
sizes are checked first, then every member is inflated as a stream, counting the bytes actually
produced (declared sizes can lie), before any parser opens the file. Rows and columns are
checked against a sheet's declared dimension and again while rows are read.

Refusals raise `UploadRefused` (a `ValidationFailed`), whose problem names the file, the limit
and, for rows, the row number, in the reader's language. While a request is received,
`SizeLimitUploadHandler` stops storing a file past the size limit.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

from corridor.core.errors import ValidationFailed

MB = 1024 * 1024
_CHUNK = MB


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_uncompressed_bytes: int
    max_members: int
    max_rows: int
    max_columns: int


def limits() -> Limits:
    return Limits(max_bytes=settings.UPLOAD_MAX_MB * MB,
                  max_uncompressed_bytes=settings.UPLOAD_MAX_UNCOMPRESSED_MB * MB,
                  max_members=settings.UPLOAD_MAX_ZIP_MEMBERS,
                  max_rows=settings.UPLOAD_MAX_ROWS,
                  max_columns=settings.UPLOAD_MAX_COLUMNS)


class UploadRefused(ValidationFailed):
    """The file is refused as a whole, before (or while) it is read."""

    def __init__(self, source: str, message: str, *, row: int | None = None) -> None:
        where = source if row is None else _("%(file)s, row %(row)d") % {"file": source, "row": row}
        self.problem = {"where": where, "file": source, "row": row, "field": "file",
                        "message": message}
        super().__init__([self.problem])


def _mb(size: int) -> int:
    return size // MB


def check_size(source: str, size: int) -> None:
    limit = limits().max_bytes
    if size > limit:
        raise UploadRefused(source, _("%(file)s is larger than the upload limit of %(limit)d MB")
                            % {"file": source, "limit": _mb(limit)})


def read(upload, source: str | None = None) -> bytes:
    """The bytes of a Django upload, refused unread when it is over the size limit (Django has
    already spooled a large upload to a temporary file: it is never read into memory)."""
    source = source or (upload.name or "upload").rsplit("/", 1)[-1]
    check_size(source, upload.size)
    upload.seek(0)
    return upload.read()


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def check_zip(source: str, data: bytes) -> None:
    """Refuse a ZIP archive (an .xlsx) that has too many members or inflates past the limit.

    A file that is not a readable archive is left to its parser, which names what it expected."""
    limit = limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        members = archive.infolist()
        if len(members) > limit.max_members:
            raise UploadRefused(source, _("%(file)s holds more than %(limit)d files (the archive "
                                          "limit)") % {"file": source, "limit": limit.max_members})
        too_large = _("%(file)s is larger than the limit of %(limit)d MB once uncompressed") % {
            "file": source, "limit": _mb(limit.max_uncompressed_bytes)}
        if sum(m.file_size for m in members) > limit.max_uncompressed_bytes:
            raise UploadRefused(source, too_large)
        inflated = 0
        try:
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        inflated += len(chunk)
                        if inflated > limit.max_uncompressed_bytes:
                            raise UploadRefused(source, too_large)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            # A member whose content does not match its declared size or checksum, or is
            # encrypted or compressed in a way we do not read.
            raise UploadRefused(source, _("%(file)s is a damaged archive (%(error)s)")
                                % {"file": source, "error": str(exc)[:120]}) from None


def check_dimension(source: str, rows: int | None, columns: int | None) -> None:
    """A sheet's declared dimension (absent or false in some files: rows are counted as read too)."""
    limit = limits()
    if rows is not None and rows > limit.max_rows:
        raise UploadRefused(source, _("%(file)s declares %(rows)d rows, more than the limit of "
                                      "%(limit)d") % {"file": source, "rows": rows,
                                                      "limit": limit.max_rows})
    if columns is not None and columns > limit.max_columns:
        raise UploadRefused(source, _("%(file)s declares %(columns)d columns, more than the limit "
                                      "of %(limit)d") % {"file": source, "columns": columns,
                                                         "limit": limit.max_columns})


class RowGuard:
    """Counts rows and columns while a table is read; refuses at the first one past a limit."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.limits = limits()

    def check(self, row: int, width: int) -> None:
        """`row` is the row's number in the file (the header is row 1)."""
        if row > self.limits.max_rows:
            raise UploadRefused(self.source, _("more than %(limit)d rows, the limit for one file")
                                % {"limit": self.limits.max_rows}, row=row)
        if width > self.limits.max_columns:
            raise UploadRefused(self.source, _("%(columns)d columns, more than the limit of "
                                               "%(limit)d") % {"columns": width,
                                                               "limit": self.limits.max_columns},
                                row=row)


class SizeLimitUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes a file's chunks on to Django's handlers until the
    file is past UPLOAD_MAX_MB, then stops storing it (nothing more reaches memory or disk) and
    hands the form an empty file that keeps the size received, so that `read` refuses it naming
    the limit. The rest of the body is still read from the socket: cap it in the proxy too
    (nginx `client_max_body_size`)."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = limits().max_bytes

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= self.limit:
            return None  # the next handler returns the file it stored
        return InMemoryUploadedFile(io.BytesIO(), self.field_name, self.file_name,
                                    self.content_type, self.received, self.charset)
