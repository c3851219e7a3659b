"""The upload limits are settings, validated at start-up like the others."""

from __future__ import annotations

import pytest

from corridor.core.tests.test_settings import SETUP, run


@pytest.mark.parametrize(("variables", "message"), [
    ({"UPLOAD_MAX_MB": "big"}, "UPLOAD_MAX_MB must be a whole number"),
    ({"UPLOAD_MAX_ROWS": "0"}, "UPLOAD_MAX_ROWS must be at least 1"),
    ({"UPLOAD_MAX_ZIP_MEMBERS": "-1"}, "UPLOAD_MAX_ZIP_MEMBERS must be at least 1"),
    ({"UPLOAD_MAX_MB": "50", "UPLOAD_MAX_UNCOMPRESSED_MB": "20"},
     "UPLOAD_MAX_UNCOMPRESSED_MB must be at least UPLOAD_MAX_MB"),
])
def test_malformed_upload_limits_stop_start_up_naming_the_variable(variables, message):
    result = run(SETUP, **variables)
    assert result.returncode != 0
    assert message in result.stderr


def test_upload_limits_come_from_the_environment():
    result = run(SETUP + "; from corridor.core.uploads import limits; print(limits())",
                 UPLOAD_MAX_MB="3", UPLOAD_MAX_COLUMNS="40")
    assert result.returncode == 0, result.stderr
    assert "max_bytes=3145728" in result.stdout and "max_columns=40" in result.stdout


def test_a_file_past_the_limit_stops_being_stored_as_it_arrives(rf, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from corridor.core import uploads
    from corridor.core.errors import ValidationFailed

    settings.UPLOAD_MAX_MB = 1
    big = b"x" * (uploads.MB + 10)
    request = rf.post("/", {"file": SimpleUploadedFile("big.csv", big),
                            "small": SimpleUploadedFile("small.csv", b"a,b\n")})
    received = request.FILES["file"]
    assert received.size == len(big) and received.read() == b""  # counted, not kept
    assert request.FILES["small"].read() == b"a,b\n"
    with pytest.raises(ValidationFailed, match=r"big\.csv is larger than the upload limit of 1 MB"):
        uploads.read(received)
