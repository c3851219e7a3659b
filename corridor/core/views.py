"""What every app's pages do the same way: 404 for what is out of scope, a refused write's
problems shown on its form, the list's query string without the page, a file to download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse

from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed


def or_404(call: Callable[..., Any], **kwargs: Any) -> Any:
    """`call(**kwargs)`, with a record out of the user's scope answered as absent (404)."""
    try:
        return call(**kwargs)
    except (NotFound, PermissionDenied):
        raise Http404 from None


def add_problems(form: forms.BaseForm, exc: ValidationFailed) -> None:
    """Each problem of a refused write on its field of the form; one the form has no field for
    goes above the form, naming where it is (a row, a record) and the field."""
    for problem in exc.problems:
        field, message, where = problem["field"], problem["message"], problem.get("where", "")
        if field in form.fields:
            form.add_error(field, f"{where}: {message}" if where else message)
        else:
            label = " ".join(part for part in (str(where or ""), str(field or "")) if part)
            form.add_error(None, f"{label}: {message}" if label else message)


def query_without_page(request: HttpRequest) -> str:
    """The list's query string for its page links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
