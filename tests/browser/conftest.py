"""A real Corridor, served by gunicorn with production settings on a fresh SQLite database loaded
with the demo organisation, and a real headless Chromium (Debian's package) to drive it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def served_app(tmp_path_factory):
    parts = "people,cases,partners,finance,governance,portal"
    with serve(tmp_path_factory.mktemp("served"), parts) as served:
        yield served


@contextlib.contextmanager
def serve(work: Path, parts: str):
    """Corridor served from `work` with the demo's `parts` loaded (for a test needing more of the
    demo than the session's server has, without changing what the other walks start from)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{work / 'corridor.sqlite3'}",
        "STATIC_ROOT": str(work / "static"),
        "STATIC_MANIFEST": "true",
        "DEBUG": "false",
        "TWO_FACTOR_REQUIRED": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "FLOWS_STORE": str(work / "flows.duckdb"),
        "MEDIA_ROOT": str(work / "media"),
        "TASKS_PROGRESS_DIR": str(work / "task-progress"),
        # The movement officer's walk books legs two weeks ahead and records their departure and
        # arrival in the same minute; the guard against recording them early (two hours by
        # default) is tested in corridor/movements/tests/test_lifecycle.py.
        "MOVEMENT_EARLY_MINUTES": str(60 * 24 * 21),
    }
    manage = [sys.executable, "manage.py"]
    setup = (["migrate", "-v", "0"], ["corridor_demo", "--only", parts],
             ["collectstatic", "--no-input", "-v", "0"])
    for command in setup:
        # The demo loader refuses to run with DEBUG off; only it gets DEBUG on.
        step_env = {**env, "DEBUG": "true"} if command[0] == "corridor_demo" else env
        subprocess.run(manage + command, cwd=ROOT, env=step_env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    # The background worker, as `make serve` runs it beside the web server: imports are its work.
    worker = subprocess.Popen([*manage, "corridor_worker", "--poll", "0.5"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    # Up to a minute: the preloaded app takes ~10 s to boot, longer on a loaded machine.
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/", timeout=1)  # noqa: S310 - our own server
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        worker.kill()
        pytest.fail("the server did not start")
    try:
        yield {"url": base, "database": work / "corridor.sqlite3"}
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()
