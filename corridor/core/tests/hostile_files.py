"""Hostile uploads built in the tests: real files, made with zipfile and openpyxl."""

from __future__ import annotations

import io
import struct
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, replacements: dict[str, bytes]) -> bytes:
    """The workbook `data` with some members' contents replaced (same names, same order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replacements.get(info.filename, source.read(info)))
    return buffer.getvalue()


def bomb_xlsx(header: list[str], inflated_mb: int) -> bytes:
    """A valid workbook whose sheet XML inflates to `inflated_mb` MB of repeated rows (streamed
    into the archive: it compresses to a few hundred kilobytes)."""
    base = workbook([header])
    row = ("<row>" + "".join(f'<c t="inlineStr"><is><t>x{i}</t></is></c>'
                             for i in range(len(header))) + "</row>").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(SHEET, "w") as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                            b"<sheetData>")
                chunk = row * max(1, (1024 * 1024) // len(row))
                for _ in range(inflated_mb + 1):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def understate_sizes(data: bytes, member: str, declared: int) -> bytes:
    """The archive with `member`'s uncompressed size declared as `declared` bytes in both its
    local header and the central directory: a bomb whose directory lies."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    raw = bytearray(data)
    # Local file header: signature, then the uncompressed size at offset 22.
    assert raw[info.header_offset:info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", raw, info.header_offset + 22, declared)
    # Central directory entry: the uncompressed size at offset 24.
    name = member.encode()
    entry = raw.rfind(b"PK\x01\x02", 0, raw.rfind(name) + 1)
    struct.pack_into("<I", raw, entry + 24, declared)
    return bytes(raw)


def many_members_zip(count: int, csv_text: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(count):
            archive.writestr(f"part-{index}.csv", csv_text)
    return buffer.getvalue()


def declared_dimension(data: bytes, ref: str | None) -> bytes:
    """The workbook with its first sheet's `<dimension ref=…>` replaced by `ref` (None: removed,
    as some tools write their files)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read(SHEET).decode()
    start = sheet.index("<dimension ")
    end = sheet.index("/>", start) + 2
    element = "" if ref is None else f'<dimension ref="{ref}" />'
    return rewrite(data, {SHEET: (sheet[:start] + element + sheet[end:]).encode()})


def with_entities(data: bytes, doctype: str, old: str, new: str) -> bytes:
    """The workbook with a DOCTYPE (declaring entities) before its first sheet's XML, and the
    cell text `old` replaced by `new` (which refers to them)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read(SHEET).decode()
    assert f"<t>{old}</t>" in sheet
    changed = doctype + sheet.replace(f"<t>{old}</t>", f"<t>{new}</t>", 1)
    return rewrite(data, {SHEET: changed.encode()})
