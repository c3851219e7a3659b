"""Malformed settings stop start-up naming the variable; production settings pass check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SETUP = "import django; django.setup()"


def run(code_or_args, **env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in env_overrides}
    env.update({k: v for k, v in env_overrides.items() if v is not None})
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("DEBUG", "maybe", "DEBUG must be true or false"),
    ("LOGIN_FAILURE_LIMIT", "five", "LOGIN_FAILURE_LIMIT must be a whole number"),
    ("SESSION_IDLE_MINUTES", "0", "SESSION_IDLE_MINUTES must be at least 1"),
    ("SECRET_KEY", "short", "SECRET_KEY must be at least 32 characters"),
    ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL"),
    ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
    ("SECRET_KEY_FILE", "/nonexistent/secret", "SECRET_KEY_FILE: cannot read"),
])
def test_malformed_settings_stop_start_up_naming_the_variable(variable, value, message):
    result = run(SETUP, **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_no_secret_key_in_production_stops_the_web_server():
    result = run("import config.wsgi", DEBUG="false", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


def test_migrate_runs_on_its_own_without_debug_or_secret_key(tmp_path):
    # `make migrate` runs `manage.py migrate` with neither DEBUG nor SECRET_KEY: it signs nothing.
    result = run(["manage.py", "migrate", "--no-input", "-v", "0"], DEBUG=None, SECRET_KEY=None,
                 CORRIDOR_ALLOW_INSECURE_KEY=None, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                 FLOWS_STORE=str(tmp_path / "flows.duckdb"), MEDIA_ROOT=str(tmp_path / "media"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "db.sqlite3").stat().st_size > 0


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" + "x" * 40 + "\n")
    result = run(SETUP + "; from django.conf import settings; print(settings.SECRET_KEY)",
                 SECRET_KEY=None, SECRET_KEY_FILE=str(secret))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "from-a-file-" + "x" * 40


def test_production_settings_pass_the_deployment_check():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 DEBUG="false", SECURE_SSL_REDIRECT=None, SESSION_COOKIE_SECURE=None,
                 CSRF_COOKIE_SECURE=None, ALLOWED_HOSTS="corridor.example.org",
                 SECRET_KEY="a-long-random-production-secret-" + "q7Zp" * 10)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_demo_loader_refuses_to_run_with_debug_off():
    result = run(["manage.py", "corridor_demo"], DEBUG="false")
    assert result.returncode != 0
    assert "runs only with DEBUG on" in result.stderr
