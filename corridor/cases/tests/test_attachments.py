"""Attachments: type from the content signature, size limit, scoped and audited download."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.cases import services
from corridor.cases.models import CaseAttachment
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("name,content,kind", [
    ("letter.pdf", PDF, "pdf"), ("photo.png", PNG, "png"), ("photo.JPG", b"\xff\xd8\xff\xe0" + b"0" * 20,
                                                              "jpeg"),
    ("plan.docx", docx_bytes(), "docx")])
def test_accepted_types(case, worker, name, content, kind):
    attachment = services.attachment_add(actor=worker, case=case,
                                         uploaded=SimpleUploadedFile(name, content))
    assert attachment.file_type == kind and attachment.original_name == name
    assert name not in attachment.file.name  # stored under a random name


@pytest.mark.parametrize("name,content,message", [
    ("script.pdf", b"#!/bin/sh\nrm -rf /", "Only PDF"),
    ("page.html", b"<html><script>", "Only PDF"),
    ("letter.png", PDF, "does not match"),
    ("fake.docx", b"PK\x03\x04not a zip", "Only PDF"),
    ("empty.pdf", b"", "empty"),
])
def test_refused_types(case, worker, name, content, message):
    with pytest.raises(ValidationFailed, match=message):
        services.attachment_add(actor=worker, case=case,
                                uploaded=SimpleUploadedFile(name, content))
    assert CaseAttachment.objects.count() == 0


def test_size_limit(case, worker, settings):
    settings.CASES_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationFailed, match="larger than"):
        services.attachment_add(actor=worker, case=case,
                                uploaded=SimpleUploadedFile("big.pdf", PDF + b"0" * 2000))


def test_upload_page_and_scoped_audited_download(case, worker, client_for, cast):
    page = client_for(worker)
    response = page.post(f"/cases/{case.pk}/attachments/new/",
                         {"file": SimpleUploadedFile("letter.pdf", PDF)})
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get()
    url = f"/cases/{case.pk}/attachments/{attachment.pk}/"
    download = page.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="view", object_type="cases.caseattachment",
                                     object_id=str(attachment.pk)).exists()
    assert client_for(cast["outsider"]).get(url).status_code == 404
    bad = page.post(f"/cases/{case.pk}/attachments/new/",
                    {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00")})
    assert bad.status_code == 422 and "Only PDF" in bad.content.decode()


def test_api_upload_and_download_scoped(case, worker, client_for, cast):
    api = client_for(worker)
    response = api.post(f"/api/v1/cases/{case.pk}/attachments",
                        {"file": SimpleUploadedFile("scan.png", PNG)})
    assert response.status_code == 201, response.content
    url = f"/api/v1/cases/{case.pk}/attachments/{response.json()['id']}"
    download = api.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert client_for(cast["outsider"]).get(url).status_code == 404
    assert client_for(cast["data_analyst"]).get(url).status_code == 403
    refused = api.post(f"/api/v1/cases/{case.pk}/attachments",
                       {"file": SimpleUploadedFile("scan.png", b"GIF89a....")})
    assert refused.status_code == 422
    assert api.get(f"/api/v1/cases/{case.pk}").json()["attachments"][0]["file_type"] == "png"
