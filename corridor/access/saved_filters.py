"""Saved filters of the lists (issue 18, item 12): a user keeps a list's filters under a name and
finds them again on the list. Each list names the parameters that may be kept; anything else in
the query string (a page number, a search typed by hand) is dropped, so that no free text that
could name a person is stored."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from corridor.access.models import SavedFilter
from corridor.core.errors import NotFound, ValidationFailed

# A user keeps at most this many filters per list.
PER_LIST = 30


def for_list(user, page: str) -> list[SavedFilter]:
    return list(SavedFilter.objects.filter(user=user, page=page))


@transaction.atomic
def save(*, user, page: str, name: str, params: QueryDict, allowed: Iterable[str]) -> SavedFilter:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed([{"field": "name", "message": _("Give the filter a name.")}])
    if len(name) > 80:
        raise ValidationFailed([{"field": "name",
                                 "message": _("A name has at most 80 characters.")}])
    kept = QueryDict(mutable=True)
    for key in allowed:
        for value in params.getlist(key):
            if value:
                kept.appendlist(key, value)
    query = kept.urlencode()
    if not query:
        raise ValidationFailed([{"field": "name", "message": _(
            "Choose at least one filter before saving it.")}])
    if len(query) > 500:
        raise ValidationFailed([{"field": "name", "message": _("These filters are too long to keep.")}])
    if SavedFilter.objects.filter(user=user, page=page).count() >= PER_LIST:
        raise ValidationFailed([{"field": "name", "message": _(
            "You keep %(count)d filters for this list already: delete one first.")
            % {"count": PER_LIST}}])
    try:
        with transaction.atomic():
            return SavedFilter.objects.create(user=user, page=page, name=name, query=query)
    except IntegrityError:
        raise ValidationFailed([{"field": "name", "message": _(
            "You already keep a filter with this name.")}]) from None


@transaction.atomic
def delete(*, user, filter_id: int) -> str:
    """Delete one of the user's own filters; another's answers as absent. Returns its list."""
    found = SavedFilter.objects.filter(user=user, pk=filter_id).first()
    if found is None:
        raise NotFound("No such filter")
    found.delete()
    return found.page
