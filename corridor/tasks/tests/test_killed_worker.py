"""A worker killed in the middle of a 100,000-person import leaves nothing of it, and the next
worker to start marks the task failed and says why (issue 13: all or nothing, even then)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection

from bench.bench_registry_import import generate
from corridor.core import dbcheck
from corridor.core.tests.scratch_databases import copy_of_test_database, pg_settings, pg_url
from corridor.tasks.services import INTERRUPTED

ROOT = Path(settings.BASE_DIR)
PEOPLE = 100_000


def _child(env: dict, *args: str) -> dict | str:
    done = subprocess.run([sys.executable, "-m", "corridor.tasks.tests.kill_scenario", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_worker_killed_mid_import_leaves_nothing_and_the_next_one_fails_the_task(
        transactional_db, tmp_path):
    if connection.vendor == "postgresql" and not dbcheck.reachable(pg_url(pg_settings(), "postgres")):
        pytest.skip("PostgreSQL is not reachable")
    source = tmp_path / "people.csv"
    assert generate(source, PEOPLE)["people"] == PEOPLE
    progress_dir = tmp_path / "progress"
    with copy_of_test_database(tmp_path) as url:
        env = dict(os.environ, DATABASE_URL=url, MEDIA_ROOT=str(tmp_path / "media"),
                   TASKS_PROGRESS_DIR=str(progress_dir), DJANGO_SETTINGS_MODULE="config.settings")
        task_id = _child(env, "start", str(source))
        worker = subprocess.Popen([sys.executable, "manage.py", "corridor_worker", "--poll", "0.2"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
        cache = FileBasedCache(str(progress_dir), {})
        written = 0
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and worker.poll() is None:
                seen = cache.get(f"task-progress:{task_id}") or {}
                written = seen.get("rows_written") or 0
                if seen.get("stage") == "writing" and written >= 2000:
                    break  # inside the import's transaction, people being inserted
                time.sleep(0.05)
            assert worker.poll() is None, worker.stderr.read().decode()[-3000:]
            assert written >= 2000, "the import never reached its writing stage"
        finally:
            os.kill(worker.pid, signal.SIGKILL)  # no goodbye: as a machine losing power
            worker.wait()
        after = _child(env, "counts", task_id)
        assert after["status"] == "running"  # nobody has noticed yet
        assert {k: after[k] for k in ("people", "households", "phones", "name_keys", "batches",
                                      "household_events")} == dict.fromkeys(
            ("people", "households", "phones", "name_keys", "batches", "household_events"), 0)
        # The next worker to start notices, before it takes any task.
        restart = subprocess.run([sys.executable, "manage.py", "corridor_worker", "--once"],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                                 check=False)
        assert restart.returncode == 0, restart.stderr[-3000:]
        assert f"task {task_id}: failed (its worker had stopped)" in restart.stdout
        final = _child(env, "counts", task_id)
        assert final["status"] == "failed" and final["error"] == INTERRUPTED
        assert final["queue_status"] == "FAILED" and final["rows_written"] == 0
        assert final["people"] == 0 and final["households"] == 0 and final["batches"] == 0
