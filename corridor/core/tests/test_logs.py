"""gunicorn's access log, with the project's gunicorn.conf.py and whatever its format, carries no
query string and no Referer query: where a searched name or number would travel."""

from __future__ import annotations

import io
import logging
import runpy
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config

NAME = "Khoury"


def _access_line(access_log_format: str | None = None) -> str:
    config = Config()
    for name, value in runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    if access_log_format:
        config.set("access_log_format", access_log_format)
    logger = config.logger_class(config)
    written = io.StringIO()
    logger.access_log.handlers = [logging.StreamHandler(written)]
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/api/v1/people?q={NAME}&page=2",
               "PATH_INFO": "/api/v1/people", "QUERY_STRING": f"q={NAME}&page=2",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "HTTP_REFERER": f"https://corridor.example/people/?q={NAME}"}
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="200 OK", sent=123, headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    return written.getvalue()


def test_the_access_log_has_the_path_and_not_the_query():
    line = _access_line()
    assert '"GET /api/v1/people HTTP/1.1" 200 123' in line
    assert NAME not in line


@pytest.mark.parametrize("access_log_format", [
    '%(h)s "%(r)s" %(s)s "%(f)s"', "%(U)s?%(q)s {Referer}i {raw_uri}e {query_string}e"])
def test_an_operators_own_format_still_leaves_the_query_out(access_log_format):
    line = _access_line(access_log_format)
    assert "/api/v1/people" in line and NAME not in line

