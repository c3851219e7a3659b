"""Pages of job referral: thin; each calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.access.policies import offices_for
from corridor.core.audit import audit_listed
from corridor.core.errors import PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.views import add_problems, or_404, query_without_page
from corridor.jobs import cases_link, policies, selectors, services
from corridor.jobs.forms import (
    ProfileForm,
    ReferForm,
    ReferralStatusForm,
    VacancyCreateForm,
    VacancyFilterForm,
    VacancyForm,
)
from corridor.jobs.models import ReferralStatus

PAGE_SIZE = 50


@login_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    form = VacancyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    vacancies = or_404(selectors.vacancy_list, user=request.user, query=filters.get("q", ""),
                        sector=filters.get("sector", ""), status=filters.get("status", ""))
    page = Paginator(vacancies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/vacancy_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "can_create": offices_for(request.user, "jobs.edit").exists()})


@login_required
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = or_404(selectors.vacancy_get_for_user, user=request.user, vacancy_id=vacancy_id)
    referrals = list(selectors.referral_list(user=request.user, vacancy_id=vacancy.pk))
    # The page names every person referred to the vacancy: a list of personal records.
    audit_listed(actor=request.user, object_type="jobs.jobreferral",
                 ids=[r.pk for r in referrals], filters={"vacancy_id": vacancy.pk},
                 what="referrals", offices=[r.office_id for r in referrals])
    return render(request, "jobs/vacancy_detail.html", {
        "vacancy": vacancy, "referrals": referrals,
        "can_edit": policies.can_edit_vacancy(request.user, vacancy)})


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_create(request: HttpRequest) -> HttpResponse:
    offices = offices_for(request.user, "jobs.edit")
    if not offices.exists():
        raise Http404
    form = VacancyCreateForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        fields = form.changes()
        if not fields["country"]:
            fields.pop("country")
        try:
            vacancy = services.vacancy_create(actor=request.user,
                                              office=form.cleaned_data["office"], **fields)
        except (ValidationFailed, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                form.add_error("office", str(exc))
            else:
                add_problems(form, exc)
        else:
            messages.success(request, _("Vacancy published."))
            return redirect("jobs:vacancy_detail", vacancy_id=vacancy.pk)
    return render(request, "jobs/vacancy_form.html", {"form": form, "vacancy": None})


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = or_404(selectors.vacancy_get_for_user, user=request.user, vacancy_id=vacancy_id)
    if not policies.can_edit_vacancy(request.user, vacancy):
        raise Http404
    form = VacancyForm(request.POST or None, instance=vacancy,
                       initial={"version": vacancy.version})
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        vacancy.refresh_from_db()
        try:
            services.vacancy_update(actor=request.user, vacancy=vacancy, changes=changes,
                                    expected_version=form.cleaned_data["version"] or 0)
        except VersionConflict as exc:
            form.add_error(None, str(exc))
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("jobs:vacancy_detail", vacancy_id=vacancy.pk)
    return render(request, "jobs/vacancy_form.html", {"form": form, "vacancy": vacancy},
                  status=409 if form.non_field_errors() else 200)


@login_required
def vacancy_candidates(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = or_404(selectors.vacancy_get_for_user, user=request.user, vacancy_id=vacancy_id)
    ranked = selectors.candidates_for_vacancy(user=request.user, vacancy=vacancy)
    return render(request, "jobs/vacancy_candidates.html", {
        "vacancy": vacancy, "ranked": ranked,
        "can_refer": policies.can_edit_vacancy(request.user, vacancy)
        or offices_for(request.user, "jobs.edit").exists()})


@login_required
def profile_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person, profile = or_404(selectors.profile_for_person, user=request.user,
                              person_id=person_id)
    ranked = (selectors.vacancies_for_profile(user=request.user, profile=profile)
              if profile is not None else [])
    referrals = selectors.referral_list(user=request.user, person_id=person.pk)
    return render(request, "jobs/profile_detail.html", {
        "person": person, "profile": profile, "ranked": ranked, "referrals": referrals,
        "can_edit": policies.can_edit_for_person(request.user, person),
        "open_cases": cases_link.open_cases_of(actor=request.user, person=person)})


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person, profile = or_404(selectors.profile_for_person, user=request.user,
                              person_id=person_id, audit=request.method == "GET")
    if not policies.can_edit_for_person(request.user, person):
        raise Http404
    form = ProfileForm(request.POST or None, instance=profile,
                       initial={"version": profile.version if profile else 1})
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        areas = form.cleaned_data["preferred_areas"]
        try:
            if profile is None:
                services.profile_create(actor=request.user, person=person,
                                        preferred_area_ids=areas, **changes)
            else:
                profile.refresh_from_db()
                services.profile_update(actor=request.user, profile=profile, changes=changes,
                                        expected_version=form.cleaned_data["version"] or 0,
                                        preferred_area_ids=areas)
        except VersionConflict as exc:
            form.add_error(None, str(exc))
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("jobs:profile_detail", person_id=person.pk)
    return render(request, "jobs/profile_form.html",
                  {"form": form, "person": person, "profile": profile},
                  status=409 if form.non_field_errors() else 200)


@login_required
@require_POST
def refer(request: HttpRequest) -> HttpResponse:
    form = ReferForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    vacancy = or_404(selectors.vacancy_get_for_user, user=request.user,
                      vacancy_id=data["vacancy"])
    person = or_404(selectors.person_get_for_user, user=request.user, person_id=data["person"])
    try:
        referral = services.referral_create(actor=request.user, vacancy=vacancy, person=person,
                                            note=data["note"], case_id=data["case"])
    except PermissionDenied:
        raise Http404 from None
    except ValidationFailed as exc:
        messages.error(request, "; ".join(str(p["message"]) for p in exc.problems))
        if any(p["field"] == "case" for p in exc.problems):
            # The person's profile page offers the choice of case.
            return redirect("jobs:profile_detail", person_id=person.pk)
        return redirect("jobs:vacancy_candidates", vacancy_id=vacancy.pk)
    messages.success(request, _("Referred."))
    return redirect("jobs:referral_detail", referral_id=referral.pk)


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ReferralStatus.values else ""
    referrals = or_404(selectors.referral_list, user=request.user, status=status)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    # The list names each person referred: the page shown is an audited view.
    audit_listed(actor=request.user, object_type="jobs.jobreferral", ids=[r.pk for r in page],
                 filters={"status": status}, what="referrals",
                 offices=[r.office_id for r in page])
    return render(request, "jobs/referral_list.html", {
        "page": page, "query": query_without_page(request), "status": status,
        "statuses": ReferralStatus.choices})


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = or_404(selectors.referral_get_for_user, user=request.user,
                       referral_id=referral_id, audit=request.method == "GET")
    can_edit = policies.can_edit_for_person(request.user, referral.person)
    form = ReferralStatusForm(request.POST or None, referral=referral,
                              initial={"version": referral.version})
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.referral_status_set(
                    actor=request.user, referral=referral, expected_version=data["version"],
                    status=data["status"], on=data["on"], note=data["note"] or None)
            except VersionConflict as exc:
                form.add_error(None, str(exc))
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("jobs:referral_detail", referral_id=referral.pk)
    return render(request, "jobs/referral_detail.html", {
        "referral": referral, "form": form, "can_edit": can_edit and referral.next_statuses},
        status=409 if form.non_field_errors() else 200)
