"""Return of qualified nationals' pages: skill needs and their matching candidates, candidates,
placements with their follow-ups."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.access.policies import has_permission, offices_for
from corridor.cooperation import forms, selectors, services
from corridor.cooperation.views import bound, cooperation_page, form_status, run_form
from corridor.core.audit import audit_listed
from corridor.core.errors import NotFound, ValidationFailed
from corridor.registry.models import Person


@cooperation_page
@require_http_methods(["GET", "POST"])
def needs(request: HttpRequest) -> HttpResponse:
    user = request.user
    offices = offices_for(user, "cooperation.edit")
    form = bound(request, "need", forms.NeedForm, offices=offices)

    def create(data):
        languages = [code for code in data.pop("languages", "").split(",") if code.strip()]
        return services.need_create(actor=user, languages=languages, **data)

    made = run_form(request, form, create)
    if made is not None:
        return redirect("cooperation:need", need_id=made.pk)
    return render(request, "cooperation/needs.html", {
        "needs": selectors.need_list(user=user), "form": form, "can_edit": offices.exists()},
        status=form_status(form))


@cooperation_page
@require_http_methods(["GET", "POST"])
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    user = request.user
    need = selectors.need_get(user=user, need_id=need_id)
    form = bound(request, "place", forms.PlacementForm,
                 initial={"placed_on": timezone.localdate()})

    def place(data):
        candidate = selectors.candidate_get(user=user, candidate_id=data["candidate"])
        return services.placement_record(actor=user, need=need, candidate=candidate,
                                         position=data["position"], placed_on=data["placed_on"])

    made = run_form(request, form, place)
    if made is not None:
        return redirect("cooperation:placement", placement_id=made.pk)
    return render(request, "cooperation/need_detail.html", {
        "need": need, "ranked": selectors.matches_for_need(user=user, need=need), "form": form,
        "placements": need.placements.select_related("candidate"),
        "can_edit": has_permission(user, "cooperation.edit")}, status=form_status(form))


@cooperation_page
@require_http_methods(["GET", "POST"])
def candidates(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = bound(request, "candidate", forms.CandidateForm)

    def register(data):
        # A number that names nobody in the user's registry scope is a mistake on the form.
        person = Person.objects.filter(pk=data.pop("person")).first()
        try:
            if person is None:
                raise NotFound("No such person")
            return services.candidate_register(actor=user, person=person,
                                               case_id=data.pop("case"), **data)
        except NotFound:
            raise ValidationFailed([{"field": "person", "message": _(
                "No person with this number in your scope.")}]) from None

    made = run_form(request, form, register)
    if made is not None:
        return redirect("cooperation:candidates")
    return render(request, "cooperation/candidates.html", {
        "candidates": selectors.candidate_list(user=user), "form": form,
        "can_edit": has_permission(user, "cooperation.edit")}, status=form_status(form))


@cooperation_page
def placements(request: HttpRequest) -> HttpResponse:
    user = request.user
    due = request.GET.get("due") == "1"
    rows = selectors.placement_list(user=user)
    if due:
        rows = rows.filter(follow_ups__in=selectors.follow_ups_due(user=user)).distinct()
    rows = list(rows)
    audit_listed(actor=user, object_type="registry.person",
                 ids=[p.candidate.person_id for p in rows], filters={"due": due},
                 what="people", offices=[p.candidate.office_id for p in rows])
    return render(request, "cooperation/placements.html", {
        "placements": rows, "due": due, "today": timezone.localdate()})


@cooperation_page
@require_http_methods(["GET", "POST"])
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    user = request.user
    placement = selectors.placement_get(user=user, placement_id=placement_id)
    form = bound(request, "follow_up", forms.FollowUpForm,
                 initial={"done_on": timezone.localdate()})

    def record(data):
        follow_up = selectors.follow_up_get(user=user, follow_up_id=data.pop("follow_up"))
        if follow_up.placement_id != placement.pk:
            raise NotFound("No such follow-up")
        return services.follow_up_record(actor=user, follow_up=follow_up, **data)

    made = run_form(request, form, record)
    if made is not None:
        return redirect("cooperation:placement", placement_id=placement.pk)
    return render(request, "cooperation/placement_detail.html", {
        "placement": placement, "follow_ups": placement.follow_ups.all(), "form": form,
        "today": timezone.localdate(),
        "can_edit": has_permission(user, "cooperation.edit")}, status=form_status(form))
