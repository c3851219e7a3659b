"""Pages of tracing: thin; each calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.access.policies import offices_for
from corridor.core.audit import audit_listed
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.search_terms import redirect_sealed, search_data
from corridor.core.views import add_problems, or_404, query_without_page
from corridor.movements import selectors as movement_selectors
from corridor.movements.models import Leg, Operation, OperationKind
from corridor.tracing import plan_booking, policies, selectors, services
from corridor.tracing.forms import (
    BookingForm,
    DecisionForm,
    LinkBookingForm,
    PlanEditForm,
    PlanForm,
    RequestEditForm,
    RequestForm,
    SoughtFormSet,
    StepForm,
)
from corridor.tracing.models import (
    CandidateStatus,
    PlanStatus,
    RequestStatus,
    ReunificationPlan,
    StepKind,
)

PAGE_SIZE = 50


def _request_or_404(request: HttpRequest, request_id: int, *, audit: bool = True):
    try:
        return selectors.request_get_for_user(user=request.user, request_id=request_id,
                                              audit=audit)
    except NotFound:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def request_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return redirect_sealed(request, ["q"])
    data = search_data(request, ["q"])
    status = data.get("status", "")
    used = {"status": status if status in RequestStatus.values else "",
            "q": data.get("q", "").strip()}
    try:
        requests = selectors.request_list(user=request.user, status=used["status"],
                                          query=used["q"])
    except PermissionDenied:
        raise Http404 from None
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    # The list names each enquirer: the page shown is an audited view.
    audit_listed(actor=request.user, object_type="tracing.tracingrequest",
                 ids=[r.pk for r in page], filters=used, what="requests",
                 offices=[r.office_id for r in page])
    return render(request, "tracing/request_list.html", {
        "page": page, "query": query_without_page(request), "statuses": RequestStatus.choices,
        "status": status, "q": data.get("q", ""),
        "can_file": offices_for(request.user, "tracing.edit").exists()})


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    offices = offices_for(request.user, "tracing.edit")
    if not offices.exists():
        raise Http404
    form = RequestForm(request.POST or None, offices=offices)
    sought = SoughtFormSet(request.POST or None, prefix="sought")
    if request.method == "POST" and form.is_valid() and sought.is_valid():
        data = form.cleaned_data
        rows = [services.SoughtInput(fields={k: v for k, v in s.cleaned_data.items()
                                             if v not in (None, "")})
                for s in sought if s.cleaned_data.get("given_name")
                or s.cleaned_data.get("family_name")]
        try:
            created = services.request_create(
                actor=request.user, office=data["office"], cause=data["cause"], sought=rows,
                enquirer_person_id=data["enquirer_person"], enquirer_name=data["enquirer_name"],
                enquirer_contact=data["enquirer_contact"],
                enquirer_consent=data["enquirer_consent"], notes=data["notes"])
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Tracing request filed."))
            return redirect("tracing:request_detail", request_id=created.pk)
    return render(request, "tracing/request_form.html", {"form": form, "sought": sought})


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    tracing_request = _request_or_404(request, request_id)
    cards = selectors.candidate_cards(user=request.user, request=tracing_request)
    withdrawn = selectors.withdrawn_counts(request=tracing_request)
    sought = [(s, cards.get(s.pk, []), withdrawn.get(s.pk, 0))
              for s in tracing_request.sought.all()]
    shown = {card.candidate.pk for group in cards.values() for card in group}
    # A plan names the person found only while they may still be traced.
    plans = [(plan, plan.candidate_id in shown) for plan in ReunificationPlan.objects.filter(
        request=tracing_request).select_related("candidate__person")]
    return render(request, "tracing/request_detail.html", {
        "tracing_request": tracing_request, "sought": sought, "plans": plans,
        "can_edit": policies.can(request.user, "edit", tracing_request)})


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, request_id: int) -> HttpResponse:
    tracing_request = _request_or_404(request, request_id, audit=request.method == "GET")
    if not policies.can(request.user, "edit", tracing_request):
        raise Http404
    form = RequestEditForm(request.POST or None, initial={
        "version": tracing_request.version, "status": tracing_request.status,
        "enquirer_contact": tracing_request.enquirer_contact, "notes": tracing_request.notes})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.request_update(actor=request.user, request=tracing_request,
                                    expected_version=version, changes=data)
        except VersionConflict as exc:
            form.add_error(None, str(exc))
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("tracing:request_detail", request_id=tracing_request.pk)
    return render(request, "tracing/request_edit.html",
                  {"form": form, "tracing_request": tracing_request},
                  status=409 if form.non_field_errors() else 200)


@login_required
@require_POST
def request_search(request: HttpRequest, request_id: int) -> HttpResponse:
    tracing_request = _request_or_404(request, request_id, audit=False)
    try:
        found = or_404(services.request_search, actor=request.user, request=tracing_request)
    except ValidationFailed as exc:  # over a limit: the message names it
        for problem in exc.problems:
            messages.error(request, problem["message"])
    else:
        messages.success(request, _("Registry searched: %(count)d candidate(s) proposed.")
                         % {"count": found})
    return redirect("tracing:request_detail", request_id=tracing_request.pk)


def _candidate_or_404(request: HttpRequest, candidate_id: int):
    try:
        return selectors.candidate_get_for_user(user=request.user, candidate_id=candidate_id)
    except NotFound:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def candidate_review(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate_or_404(request, candidate_id)
    tracing_request = candidate.sought.request
    can_edit = policies.can(request.user, "edit", tracing_request)
    form = DecisionForm(request.POST or None, initial={"version": candidate.version})
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            try:
                services.candidate_decide(
                    actor=request.user, candidate=candidate,
                    expected_version=form.cleaned_data["version"],
                    confirm=form.cleaned_data["decision"] == "confirm",
                    reason=form.cleaned_data["reason"])
            except VersionConflict as exc:
                form.add_error(None, str(exc))
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("tracing:request_detail", request_id=tracing_request.pk)
    comparison = selectors.candidate_comparison(user=request.user, candidate=candidate)
    plan = ReunificationPlan.objects.filter(candidate=candidate).first()
    return render(request, "tracing/candidate_review.html", {
        "candidate": candidate, "tracing_request": tracing_request, "comparison": comparison,
        "form": form, "can_decide": can_edit and candidate.status == CandidateStatus.PROPOSED,
        "can_plan": can_edit and candidate.status == CandidateStatus.CONFIRMED and plan is None,
        "plan": plan}, status=409 if form.non_field_errors() else 200)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = _candidate_or_404(request, candidate_id)
    if not policies.can(request.user, "edit", candidate.sought.request):
        raise Http404
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, candidate=candidate,
                                        **form.cleaned_data)
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Reunification plan started."))
            return redirect("tracing:plan_detail", plan_id=plan.pk)
    # The form names the candidate: shown as their card is, audited.
    card = selectors.candidate_card(user=request.user, candidate=candidate)
    return render(request, "tracing/plan_form.html",
                  {"form": form, "candidate": candidate, "card": card})


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id,
                                           audit=request.method == "GET")
    except NotFound:
        raise Http404 from None
    can_edit = policies.can(request.user, "edit", plan.request)
    edit_form = PlanEditForm(initial={
        "version": plan.version, "status": plan.status, "movement_origin": plan.movement_origin,
        "movement_destination": plan.movement_destination,
        "movement_date_wanted": plan.movement_date_wanted, "notes": plan.notes},
        prefix="plan")
    step_form = StepForm(prefix="step")
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if "step-kind" in request.POST:
            step_form = StepForm(request.POST, prefix="step")
            if step_form.is_valid():
                try:
                    services.plan_step_record(actor=request.user, plan=plan,
                                              **step_form.cleaned_data)
                except ValidationFailed as exc:
                    add_problems(step_form, exc)
                else:
                    messages.success(request, _("Step recorded."))
                    return redirect("tracing:plan_detail", plan_id=plan.pk)
        else:
            edit_form = PlanEditForm(request.POST, prefix="plan")
            if edit_form.is_valid():
                changes = dict(edit_form.cleaned_data)
                version = changes.pop("version")
                try:
                    services.plan_update(actor=request.user, plan=plan,
                                         expected_version=version, changes=changes)
                except VersionConflict as exc:
                    edit_form.add_error(None, str(exc))
                    status = 409
                except ValidationFailed as exc:
                    add_problems(edit_form, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("tracing:plan_detail", plan_id=plan.pk)
    can_book = (can_edit and plan.status == PlanStatus.READY and not plan.booking_id
                and offices_for(request.user, "movements.edit").exists())
    legs = _reunion_legs(request.user) if can_book else Leg.objects.none()
    return render(request, "tracing/plan_detail.html", {
        "plan": plan, "can_edit": can_edit, "edit_form": edit_form, "step_form": step_form,
        "found_shown": selectors.candidate_shown(candidate_id=plan.candidate_id),
        "can_book": can_book,
        "booking_form": BookingForm(initial={"version": plan.version}, legs=legs,
                                    prefix=None),
        "link_form": LinkBookingForm(initial={"version": plan.version}, auto_id="link_%s"),
        "child_involved": services.child_involved(plan),
        "missing_steps": [StepKind(k).label for k in services.missing_steps(plan)]}, status=status)


# -- booking a reunification plan's movement -------------------------------------------------

def _reunion_legs(user):
    """Legs of family-reunion operations the user may book on, departing from now on."""
    return (Leg.objects.filter(operation__in=offices_operations(user),
                               operation__kind=OperationKind.FAMILY_REUNION,
                               departure__gte=timezone.now())
            .select_related("operation").order_by("departure", "id"))


def offices_operations(user):
    return Operation.objects.filter(office__in=offices_for(user, "movements.edit"))


@login_required
@require_POST
def plan_book(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id, audit=False)
    except NotFound:
        raise Http404 from None
    legs = _reunion_legs(request.user)
    linking = "booking" in request.POST
    form = (LinkBookingForm(request.POST) if linking
            else BookingForm(request.POST, legs=legs))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if linking:
                booking = movement_selectors.booking_get_for_user(
                    user=request.user, booking_id=data["booking"])
                plan_booking.plan_link_booking(actor=request.user, plan=plan,
                                               expected_version=data["version"], booking=booking)
            else:
                plan_booking.plan_book(actor=request.user, plan=plan,
                                       expected_version=data["version"], leg=data["leg"],
                                       traveller=data["traveller"],
                                       household_split_reason=data["household_split_reason"])
        except NotFound:
            form.add_error(None, _("No such booking or leg in your scope."))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except VersionConflict as exc:
            form.add_error(None, str(exc))
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Movement booked for the reunification."))
            return redirect("tracing:plan_detail", plan_id=plan.pk)
    for error in form.non_field_errors():
        messages.error(request, error)
    for name, errors in form.errors.items():
        if name != "__all__":
            messages.error(request, f"{name}: {' '.join(errors)}")
    return redirect("tracing:plan_detail", plan_id=plan.pk)
