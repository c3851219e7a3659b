"""A task's page, the fragment its script polls, and the list of the user's tasks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from corridor.core.errors import NotFound
from corridor.tasks import kinds, selectors


def _task_of(request: HttpRequest, task_id):
    try:
        return selectors.task_get_for_user(user=request.user, task_id=task_id)
    except NotFound:
        raise Http404 from None


def _context(request: HttpRequest, task_id) -> dict:
    record = _task_of(request, task_id)
    kind = kinds.get(record.kind)
    context = {"task": record, "state": selectors.task_state(record), "kind": kind}
    if record.finished and kind.outcome_template:
        context["outcome_template"] = kind.outcome_template
        context.update(kind.outcome_context(record, request.user) if kind.outcome_context else {})
    return context


@login_required
def task_detail(request: HttpRequest, task_id) -> HttpResponse:
    return render(request, "tasks/task.html", _context(request, task_id))


@login_required
def task_state(request: HttpRequest, task_id) -> HttpResponse:
    """The page's body alone (state, and the outcome once ended): what its script fetches to
    update the page in place."""
    return render(request, "tasks/_body.html", _context(request, task_id))


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    records = selectors.tasks_of_user(user=request.user)
    return render(request, "tasks/list.html",
                  {"tasks": [(r, selectors.task_state(r)) for r in records]})
