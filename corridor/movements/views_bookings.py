"""Booking people on a leg from its page: they are ticked from the operation's candidates (the
people of approved cases in the office, not yet booked) or found by name, never typed as record
numbers. The name searched is posted, never put in the address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.core.audit import audit_listed
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.core.views import add_problems, or_404
from corridor.movements import forms, selectors, services
from corridor.movements.itinerary import onward_chain
from corridor.movements.services.planning import candidates
from corridor.movements.views import _editable
from corridor.registry import selectors as registry_selectors

# People a name search adds to the list; more means the name is too vague.
FOUND_LIMIT = 20


def _people(request: HttpRequest, operation, query: str) -> list:
    people = {person.pk: person for person in candidates(actor=request.user, operation=operation)}
    if query:
        try:
            found = (registry_selectors.person_list(user=request.user, query=query)
                     .select_related("household")[:FOUND_LIMIT])
        except PermissionDenied:
            found = []
        for person in found:
            people.setdefault(person.pk, person)
    return list(people.values())


@login_required
@require_http_methods(["GET", "POST"])
def booking_add(request: HttpRequest, leg_id: int) -> HttpResponse:
    leg = or_404(selectors.leg_get_for_user, user=request.user, leg_id=leg_id, audit=False)
    _editable(request, leg.operation)
    query = request.POST.get("q", "").strip()
    people = _people(request, leg.operation, query)
    booking = request.method == "POST" and "find" not in request.POST
    form = forms.BookingForm(request.POST if booking else None, people=people)
    if booking and form.is_valid():
        data = form.cleaned_data
        chosen = [person for person in people if person.pk in set(data["people"])]
        legs = onward_chain(leg, leg.operation.legs.all()) if data["onward"] else [leg]
        try:
            bookings = services.booking_create(
                actor=request.user, legs=legs, people=chosen,
                household_split_reason=data["household_split_reason"])
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("%(count)d bookings made.") % {"count": len(bookings)})
            return redirect("movements:leg_detail", leg_id=leg.pk)
    # The list names people: a view of each, as any list of people is.
    audit_listed(actor=request.user, object_type="registry.person",
                 ids=[person.pk for person in people],
                 filters={"leg": leg.pk, "q": query}, what="people",
                 offices=[leg.operation.office_id, *(person.office_id for person in people)])
    return render(request, "movements/booking_form.html", {
        "form": form, "operation": leg.operation, "leg": leg, "query": query,
        "title": _("Book people on %(leg)s") % {"leg": leg}})
