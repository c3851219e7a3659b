"""Pages of movements: thin; each calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.access.policies import offices_for
from corridor.core.errors import ValidationFailed, VersionConflict
from corridor.core.views import add_problems, download, or_404
from corridor.movements import forms, manifests, policies, selectors, services
from corridor.movements import tasks as movement_tasks
from corridor.movements.itinerary import connection_problems
from corridor.movements.models import BookingState
from corridor.movements.services.bookings import LEG_MOVES, TRANSITIONS
from corridor.movements.services.operations import LEG_FIELDS, OPERATION_FIELDS
from corridor.partners.models import Project

PAGE_SIZE = 50
LEG_MOVE_TITLES = {
    BookingState.CONFIRMED: gettext_lazy("Confirm every booked passenger of %(leg)s"),
    BookingState.CHECKED_IN: gettext_lazy("Check in every confirmed passenger of %(leg)s"),
    BookingState.DEPARTED: gettext_lazy("Record the departure of %(leg)s"),
    BookingState.ARRIVED: gettext_lazy("Record the arrival of %(leg)s"),
}
LEG_MOVE_LABELS = {
    BookingState.CONFIRMED: gettext_lazy("Confirm all booked"),
    BookingState.CHECKED_IN: gettext_lazy("Check in all confirmed"),
    BookingState.DEPARTED: gettext_lazy("Record departure"),
    BookingState.ARRIVED: gettext_lazy("Record arrival"),
}


def _editable(request, operation) -> None:
    if not policies.can(request.user, "edit", operation):
        raise Http404


@login_required
def operation_list(request: HttpRequest) -> HttpResponse:
    operations = or_404(selectors.operation_list, user=request.user,
                         reference=request.GET.get("reference", ""))
    page = Paginator(operations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "movements/operation_list.html", {
        "page": page, "query": "", "can_create": offices_for(request.user,
                                                             "movements.edit").exists()})


@login_required
@require_http_methods(["GET", "POST"])
def operation_create(request: HttpRequest) -> HttpResponse:
    offices = offices_for(request.user, "movements.edit")
    if not offices.exists():
        raise Http404
    projects = Project.objects.filter(office__in=offices_for(request.user, "projects.view"))
    form = forms.OperationForm(request.POST or None, offices=offices, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.operation_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            return redirect("movements:operation_detail", operation_id=operation.pk)
    return render(request, "movements/form.html", {"form": form,
                                                   "title": _("New operation")})


@login_required
def operation_detail(request: HttpRequest, operation_id: int) -> HttpResponse:
    operation = or_404(selectors.operation_get_for_user, user=request.user,
                        operation_id=operation_id, audit=True)
    legs = list(selectors.legs_of(operation))
    return render(request, "movements/operation_detail.html", {
        "operation": operation, "legs": legs,
        "connection_problems": connection_problems(legs, operation.min_connection_minutes),
        "can_edit": policies.can(request.user, "edit", operation),
        "proposals": operation.proposals.all()[:5],
    })


@login_required
@require_http_methods(["GET", "POST"])
def operation_edit(request: HttpRequest, operation_id: int) -> HttpResponse:
    operation = or_404(selectors.operation_get_for_user, user=request.user,
                        operation_id=operation_id)
    _editable(request, operation)
    form = forms.OperationEditForm(request.POST or None, initial={
        "version": operation.version, **{name: getattr(operation, name)
                                         for name in OPERATION_FIELDS}})
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in OPERATION_FIELDS}
        try:
            services.operation_update(actor=request.user, operation=operation,
                                      expected_version=form.cleaned_data["version"],
                                      changes=changes)
        except VersionConflict as exc:
            form.add_error(None, _conflict(exc))
            status = 409
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("movements:operation_detail", operation_id=operation.pk)
    return render(request, "movements/form.html", {
        "form": form, "operation": operation,
        "title": _("Edit %(reference)s") % {"reference": operation.reference}},
        status=status)


def _conflict(exc: VersionConflict) -> str:
    return _("Someone else changed this meanwhile (now at version %(version)s). Reload the page "
             "to see their changes, then make yours again.") % {"version": exc.current_version}


@login_required
@require_http_methods(["GET", "POST"])
def leg_edit(request: HttpRequest, leg_id: int) -> HttpResponse:
    leg = or_404(selectors.leg_get_for_user, user=request.user, leg_id=leg_id, audit=False)
    _editable(request, leg.operation)
    form = forms.LegEditForm(request.POST or None, initial=forms.LegEditForm.initial_for(leg),
                             countries=(leg.operation.office.country,))
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in LEG_FIELDS}
        try:
            updated = services.leg_update(actor=request.user, leg=leg,
                                          expected_version=form.cleaned_data["version"],
                                          changes=changes)
        except VersionConflict as exc:
            form.add_error(None, _conflict(exc))
            status = 409
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Saved."))
            if updated.departure_local.date() != leg.departure_local.date():
                # Saved all the same: the officer decides (new clearance, or cancel the booking).
                for problem in selectors.waiting_booking_problems(updated):
                    messages.warning(request, _("On the new date: %(problem)s")
                                     % {"problem": problem})
            return redirect("movements:leg_detail", leg_id=leg.pk)
    return render(request, "movements/form.html", {
        "form": form, "operation": leg.operation,
        "title": _("Edit %(leg)s") % {"leg": leg}},
        status=status)


@login_required
@require_http_methods(["GET", "POST"])
def leg_move(request: HttpRequest, leg_id: int, to: str) -> HttpResponse:
    leg = or_404(selectors.leg_get_for_user, user=request.user, leg_id=leg_id, audit=False)
    _editable(request, leg.operation)
    if to not in LEG_MOVES:
        raise Http404
    form = forms.LegMoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.leg_move(actor=request.user, leg=leg, to=to,
                                      reason=form.cleaned_data["reason"])
        except VersionConflict as exc:
            form.add_error(None, _conflict(exc))
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("%(count)d bookings now %(state)s.") % {
                "count": len(moved), "state": BookingState(to).label.lower()})
            return redirect("movements:leg_detail", leg_id=leg.pk)
    return render(request, "movements/form.html", {
        "form": form, "operation": leg.operation,
        "title": LEG_MOVE_TITLES[to] % {"leg": leg}})


@login_required
@require_http_methods(["GET", "POST"])
def leg_add(request: HttpRequest, operation_id: int) -> HttpResponse:
    operation = or_404(selectors.operation_get_for_user, user=request.user,
                        operation_id=operation_id)
    _editable(request, operation)
    form = forms.LegForm(request.POST or None, countries=(operation.office.country,))
    if request.method == "POST" and form.is_valid():
        try:
            services.leg_add(actor=request.user, operation=operation, **form.cleaned_data)
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Leg added."))
            return redirect("movements:operation_detail", operation_id=operation.pk)
    return render(request, "movements/form.html", {"form": form, "operation": operation,
                                                   "title": _("Add a leg")})


@login_required
def leg_detail(request: HttpRequest, leg_id: int) -> HttpResponse:
    leg = or_404(selectors.leg_get_for_user, user=request.user, leg_id=leg_id)
    bookings = list(selectors.bookings_of(leg))
    for booking in bookings:
        booking.moves = [(to, BookingState(to).label) for to in sorted(TRANSITIONS.get(
            booking.state, ()))]
    standing = {booking.state for booking in bookings}
    leg_moves = [(to, LEG_MOVE_LABELS[to]) for to, before in LEG_MOVES.items()
                 if before in standing]
    return render(request, "movements/leg_detail.html", {
        "leg": leg, "operation": leg.operation, "bookings": bookings, "leg_moves": leg_moves,
        "escorts": selectors.escorts_of(leg), "counts": services.leg_counts(leg),
        "can_edit": policies.can(request.user, "edit", leg.operation),
    })


@login_required
@require_http_methods(["GET", "POST"])
def booking_transition(request: HttpRequest, booking_id: int, to: str) -> HttpResponse:
    booking = or_404(selectors.booking_get_for_user, user=request.user, booking_id=booking_id)
    _editable(request, booking.leg.operation)
    if to not in TRANSITIONS.get(booking.state, ()):
        raise Http404
    form = forms.TransitionForm(request.POST or None, initial={"version": booking.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_transition(actor=request.user, booking=booking, to=to,
                                        expected_version=form.cleaned_data["version"],
                                        reason=form.cleaned_data["reason"])
        except VersionConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            return redirect("movements:leg_detail", leg_id=booking.leg_id)
    return render(request, "movements/form.html", {
        "form": form, "operation": booking.leg.operation,
        "title": _("%(person)s: %(state)s") % {"person": booking.person,
                                               "state": BookingState(to).label}}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def escort_add(request: HttpRequest, leg_id: int) -> HttpResponse:
    leg = or_404(selectors.leg_get_for_user, user=request.user, leg_id=leg_id, audit=False)
    _editable(request, leg.operation)
    form = forms.EscortForm(request.POST or None,
                            staff=services.staff_of_tree(leg.operation.office))
    if request.method == "POST" and form.is_valid():
        try:
            services.escort_assign(actor=request.user, leg=leg, **form.cleaned_data)
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            return redirect("movements:leg_detail", leg_id=leg.pk)
    return render(request, "movements/form.html", {"form": form, "operation": leg.operation,
                                                   "title": _("Add an escort")})


@login_required
def manifest_csv(request: HttpRequest, leg_id: int) -> HttpResponse:
    leg = or_404(selectors.leg_get_for_user, user=request.user, leg_id=leg_id, audit=False)
    data = manifests.manifest_csv(user=request.user, leg=leg, language=get_language())
    return download(data, "text/csv; charset=utf-8", f"manifest-{leg.pk}.csv")


@login_required
def manifest_pdf(request: HttpRequest, leg_id: int) -> HttpResponse:
    leg = or_404(selectors.leg_get_for_user, user=request.user, leg_id=leg_id, audit=False)
    data = manifests.manifest_pdf(user=request.user, leg=leg, language=get_language())
    return download(data, "application/pdf", f"manifest-{leg.pk}.pdf")


@login_required
@require_POST
def proposal_create(request: HttpRequest, operation_id: int) -> HttpResponse:
    operation = or_404(selectors.operation_get_for_user, user=request.user,
                        operation_id=operation_id)
    _editable(request, operation)
    try:
        proposal = services.proposal_create(actor=request.user, operation=operation)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
        return redirect("movements:operation_detail", operation_id=operation.pk)
    return redirect("movements:proposal_detail", proposal_id=proposal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = or_404(selectors.proposal_get_for_user, user=request.user,
                       proposal_id=proposal_id)
    operation = proposal.operation
    people = selectors.proposal_people(user=request.user, proposal=proposal)
    legs = {leg.pk: leg for leg in operation.legs.all()}
    rows = [(people.get(int(pk)), [legs.get(i) for i in leg_ids])
            for pk, leg_ids in proposal.assignments.items()]
    from corridor.movements.checks import worded  # reads registry facts' models: when asked

    excluded = [(people.get(int(pk)), worded(reasons))
                for pk, reasons in proposal.excluded.items()]
    errors = []
    if request.method == "POST":
        _editable(request, operation)
        try:
            services.proposal_accept(
                actor=request.user, proposal=proposal,
                person_ids=[int(v) for v in request.POST.getlist("person") if v.isdigit()],
                household_split_reason=request.POST.get("household_split_reason", ""))
        except ValidationFailed as exc:
            errors = exc.problems
        else:
            messages.success(request, _("Proposal accepted: bookings made."))
            return redirect("movements:operation_detail", operation_id=operation.pk)
    return render(request, "movements/proposal_detail.html", {
        "proposal": proposal, "operation": operation, "rows": rows, "excluded": excluded,
        "errors": errors, "can_edit": policies.can(request.user, "edit", operation)})


@login_required
@require_http_methods(["GET", "POST"])
def evacuation(request: HttpRequest, operation_id: int) -> HttpResponse:
    operation = or_404(selectors.operation_get_for_user, user=request.user,
                        operation_id=operation_id)
    _editable(request, operation)
    form = forms.EvacuationForm(request.POST or None, request.FILES or None,
                                legs=operation.legs.all())
    if request.method == "POST" and form.is_valid():
        try:
            record = movement_tasks.start_evacuation(
                actor=request.user, operation=operation, legs=list(form.cleaned_data["legs"]),
                upload=form.cleaned_data["file"],
                household_split_reason=form.cleaned_data["household_split_reason"])
        except ValidationFailed as exc:  # no leg, or over the upload size limit
            add_problems(form, exc)
        else:  # the worker registers and books the list; its page follows
            return redirect("tasks:detail", task_id=record.pk)
    return render(request, "movements/form.html", {
        "form": form, "operation": operation, "title": _("Evacuation: book a list")})
