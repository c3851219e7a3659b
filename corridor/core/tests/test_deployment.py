"""Deployment: gunicorn's settings as `make serve` uses them, and a web process that does not load
the solvers it never runs."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys

from django.conf import settings
from gunicorn.config import Config


def _config(**environ: str) -> Config:
    config = Config()
    saved = {name: os.environ.get(name) for name in environ}
    os.environ.update(environ)
    try:
        values = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    for name, value in values.items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_runs_threaded_preloaded_processes_that_are_recycled():
    config = _config()
    assert config.worker_class_str == "gthread" and config.threads >= 2
    assert config.workers == 2 * (os.cpu_count() or 1) + 1
    assert 30 <= config.timeout <= 120 and config.graceful_timeout <= config.timeout
    assert config.max_requests > 0 and config.max_requests_jitter > 0
    assert config.preload_app is True


def test_gunicorn_settings_follow_the_environment():
    config = _config(WEB_WORKERS="3", WEB_THREADS="8", WEB_TIMEOUT="90", BIND="0.0.0.0:9000")
    assert (config.workers, config.threads, config.timeout) == (3, 8, 90)
    assert config.bind == ["0.0.0.0:9000"]


def test_the_web_application_loads_no_solver_nor_linker_until_one_is_used():
    # What a web process imports when it starts: the settings, every app and every URL.
    code = ("import sys, django; django.setup(); import config.urls, config.wsgi; "
            "print(' '.join(sorted(m for m in ('ortools', 'pyspark', 'splink', 'sqlglot')"
            " if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, check=True,
                          capture_output=True, text=True,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
                               "DEBUG": "true"})
    assert done.stdout.strip() == ""
