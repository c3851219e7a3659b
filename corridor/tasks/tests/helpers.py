"""Tests' helpers for work done by background tasks: run the worker in-process, follow a page's
redirect to its task."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from corridor.tasks.models import BackgroundTask


def run_tasks() -> str:
    """The background worker, in-process: runs what is queued, then stops."""
    out = StringIO()
    call_command("corridor_worker", "--once", stdout=out)
    return out.getvalue()


def task_of(response):
    """The background task a page redirected to (its page is /tasks/<id>/)."""
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith("/tasks/"), response["Location"]
    return BackgroundTask.objects.get(pk=response["Location"].split("/")[2])
