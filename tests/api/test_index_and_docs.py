"""`/api/v1/` answers with a short index; `/api/v1/docs` is Swagger UI served by the app itself
(no CDN, nothing the CSP must relax) and, like the OpenAPI document, only to signed-in users."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client


def test_the_api_root_answers_with_an_index(db):
    answer = Client().get("/api/v1/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["openapi"].endswith("/api/v1/openapi.json") and body["docs"].endswith("/api/v1/docs")
    assert "Bearer" in body["authentication"]


def test_the_docs_are_served_from_the_app_under_the_csp(org, cast, client_for):
    answer = client_for(cast["data_analyst"]).get("/api/v1/docs")
    assert answer.status_code == 200
    html = answer.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()
    for path in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(path), path  # collected with the app's static files
    # No inline script: every <script> either loads a file or holds JSON data (not executed).
    for attributes, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    policy = answer["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize("debug", [False, True])
def test_the_docs_and_document_are_for_signed_in_users_only(db, settings, debug):
    settings.DEBUG = debug
    anonymous = Client()
    docs = anonymous.get("/api/v1/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    assert anonymous.get("/api/v1/openapi.json").status_code == 401
