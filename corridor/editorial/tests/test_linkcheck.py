"""The link check against a local HTTP server started by the test (no network beyond this host):
a live address is kept, a 404 and a closed port are flagged dead and shown to editors."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest

from conftest import make_user
from corridor.access.roles import Role
from corridor.editorial import linkcheck
from corridor.portal import services
from corridor.portal.models import LinkCheck
from corridor.tasks.models import BackgroundTask, TaskStatus
from corridor.tasks.tests.helpers import run_tasks

pytestmark = pytest.mark.django_db


class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(200 if self.path in ("/alive", "/no-head") else 404)
        self.end_headers()

    def do_GET(self):
        self.send_response(200 if self.path in ("/alive", "/no-head") else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def link(editor, title: str, url: str):
    return services.item_create(actor=editor, kind="link", source_language="en",
                                data={"title": {"en": title}, "details": {"url": url}})


def test_dead_links_are_flagged_by_the_task(org, client_for, server):
    editor = make_user("editor_a", Role.PORTAL_EDITOR, org.country_a)
    alive = link(editor, "Alive", f"{server}/alive")
    head_refused = link(editor, "No HEAD", f"{server}/no-head")
    gone = link(editor, "Gone", f"{server}/gone")
    down = link(editor, "Down", f"http://127.0.0.1:{closed_port()}/")
    client = client_for(editor)
    answer = client.post("/editorial/links/check/")
    assert answer.status_code == 302
    run_tasks()
    record = BackgroundTask.objects.get(kind="portal_link_check")
    assert record.status == TaskStatus.SUCCEEDED and record.result["checked"] == 4
    checks = {check.item_id: check for check in LinkCheck.objects.all()}
    assert checks[alive.pk].ok and checks[head_refused.pk].ok
    assert not checks[gone.pk].ok and checks[gone.pk].status_code == 404
    assert not checks[down.pk].ok and checks[down.pk].status_code is None
    page = client.get("/editorial/").content.decode()
    assert f"{server}/gone" in page and f"{server}/alive" not in page


def test_only_http_addresses_are_asked_for():
    assert not linkcheck.check_url("file:///etc/passwd").ok
