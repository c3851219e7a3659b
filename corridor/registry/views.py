"""Pages of the registry: thin; each calls one selector or service."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.access.policies import can_in_office, has_permission, offices_for
from corridor.core.audit import audit_listed
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.formatting import short_date
from corridor.core.models import choice_labels
from corridor.core.pagination import CappedPaginator
from corridor.core.search_terms import redirect_sealed, search_data
from corridor.core.views import add_problems, query_without_page
from corridor.registry import panels, policies, selectors, services
from corridor.registry.forms import (
    MEMBER_FIELDS,
    HouseholdForm,
    MemberForm,
    MemberFormSet,
    PersonCreateForm,
    PersonForm,
    PersonSearchForm,
)
from corridor.registry.models import Person

PAGE_SIZE = 50


def _person_or_404(request: HttpRequest, person_id: int, *, audit: bool = True):
    try:
        return selectors.person_get_for_user(user=request.user, person_id=person_id, audit=audit)
    except NotFound:
        raise Http404 from None


# What a row of the list shows, read as plain values: reading whole records (JSON lists,
# timestamps, a model instance each) and formatting in the template cost half the page.
ROW_COLUMNS = ("id", "family_name", "given_name", "original_script_name", "birth_date",
               "nationality", "category", "office__code", "office_id")


def _rows(values) -> list[tuple]:
    categories = choice_labels(Person._meta.get_field("category"))
    return [(pk, f"{family.upper()}, {given}" if family else given, original,
             short_date(born) if born else "—", nationality,
             categories.get(category, category), office)
            for pk, family, given, original, born, nationality, category, office, _id in values]


# The search terms that name someone: kept out of the list's address (core/search_terms.py).
PERSONAL_TERMS = ("q", "phone", "document")


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return redirect_sealed(request, PERSONAL_TERMS)
    form = PersonSearchForm(search_data(request, PERSONAL_TERMS) or None)
    filters = form.cleaned_data if form.is_valid() else {}
    try:
        people = selectors.person_list(
            user=request.user, query=filters.get("q", ""), category=filters.get("category", ""),
            phone=filters.get("phone", ""), document_number=filters.get("document", ""),
            sex=filters.get("sex", "")).values_list(*ROW_COLUMNS)
    except PermissionDenied:
        raise Http404 from None
    page = CappedPaginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(page)
    audit_listed(actor=request.user, object_type="registry.person",
                 ids=[row[0] for row in rows], filters=filters, what="people",
                 offices=[values[-1] for values in page])
    return render(request, "registry/person_list.html", {
        "form": form, "page": page, "rows": rows, "query": query_without_page(request),
        "category_choices": form.fields["category"].choices,
        "sex_choices": form.fields["sex"].choices,
        "can_register": has_permission(request.user, "registry.edit"),
        # A person's page is the list's address and the id ({% url %} per row cost 1 ms a page).
        "people_url": reverse("registry:person_list"),
    })


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(request, person_id)
    documents = [(d, d.number) for d in person.documents.all()]
    duplicates = list(selectors.person_duplicates(user=request.user, person=person))
    merged = list(selectors.merged_records(user=request.user, person=person))
    # What other apps show of the person (fuzzy duplicates found by the duplicate check).
    shown_panels = panels.person_panels(request.user, person)
    members = (list(person.household.members.exclude(pk=person.pk).order_by("id"))
               if person.household_id else [])
    # The page names other people beside this one (the person's own view is audited above).
    shown = {p.pk: p.office_id
             for p in (*duplicates, *merged, *members,
                       *(p for panel in shown_panels for p in panel.context.get("people", ())))}
    audit_listed(actor=request.user, object_type="registry.person", ids=sorted(shown),
                 filters={"shown_with": person.pk}, what="people", offices=shown.values())
    return render(request, "registry/person_detail.html", {
        "person": person, "can_edit": policies.can(request.user, "edit", person),
        "can_open_case": can_in_office(request.user, "cases.edit", person.office_id),
        "can_see_jobs": can_in_office(request.user, "jobs.view", person.office_id),
        "documents": documents, "phones": person.phones.all(),
        "consents": person.consents.select_related("partner"),
        "duplicates": duplicates, "panels": shown_panels, "merged_records": merged,
        "household_members": members,
    })


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    offices = offices_for(request.user, "registry.edit")
    if not offices.exists():
        raise Http404
    form = PersonCreateForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {f: data[f] for f in PersonForm.Meta.fields}
        documents = form.document_inputs()
        consents = [services.ConsentInput(purpose=purpose, given=data[f"consent_{purpose}"])
                    for purpose in ("assistance", "tracing")]
        try:
            person = services.person_register(
                actor=request.user, office=data["office"], phones=[data["phone"]] if data["phone"]
                else [], documents=documents, consents=consents, **fields)
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Registered."))
            return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_or_404(request, person_id, audit=request.method == "GET")
    if not policies.can(request.user, "edit", person):
        raise Http404
    form = PersonForm(request.POST or None, instance=person,
                      initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in PersonForm.Meta.fields}
        person.refresh_from_db()  # the form wrote into the instance; compare with the stored row
        try:
            services.person_update(actor=request.user, person=person,
                                   expected_version=form.cleaned_data["version"] or 0,
                                   changes=changes)
        except VersionConflict as exc:
            form.add_error(None, str(exc))
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person},
                  status=409 if form.non_field_errors() else 200)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    try:
        rows = selectors.people_counts(user=request.user)
    except PermissionDenied:
        raise Http404 from None
    return render(request, "registry/statistics.html",
                  {"rows": rows, "threshold": settings.SUPPRESSION_THRESHOLD})


def _member_input(member: MemberForm) -> services.PersonInput:
    data = member.cleaned_data
    fields = {f: data[f] for f in ("relation_to_head", "given_name", "family_name",
                                   "original_script_name", "sex", "birth_date",
                                   "birth_date_precision", "category")}
    fields["nationality"] = data["nationality"].upper()
    documents = member.document_inputs()
    consents = [services.ConsentInput(purpose=p, given=data[f"consent_{p}"])
                for p in ("assistance", "tracing")]
    return services.PersonInput(fields=fields, phones=(data["phone"],) if data["phone"] else (),
                                documents=tuple(documents), consents=tuple(consents))


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    offices = offices_for(request.user, "registry.edit")
    if not offices.exists():
        raise Http404
    if request.method == "POST" and "add_member" in request.POST:
        # Without script, "Add a member" posts the form: shown again, as typed, one block more.
        form = HouseholdForm(initial=request.POST.dict(), offices=offices)
        members = MemberFormSet(prefix="member", initial=_members_typed(request.POST))
        return render(request, "registry/household_form.html", {"form": form, "members": members})
    form = HouseholdForm(request.POST or None, offices=offices)
    members = MemberFormSet(request.POST or None, prefix="member")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        rows = [m for m in members
                if m.cleaned_data.get("given_name") and not m.cleaned_data.get("DELETE")]
        try:
            household = services.household_register(
                actor=request.user, office=form.cleaned_data["office"],
                address=form.cleaned_data["address"], members=[_member_input(r) for r in rows])
        except ValidationFailed as exc:
            for problem in exc.problems:
                form.add_error(None, f"{problem.get('where', '')} {problem['field']}: "
                                     f"{problem['message']}".strip())
        else:
            messages.success(request, _("Household registered."))
            return redirect("registry:household_detail", household_id=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "members": members})


def _members_typed(data) -> list[dict]:
    """The member blocks as typed, as initial values of an unbound formset (so that adding a
    block does not show the other blocks' errors before the user is done with them)."""
    try:
        total = min(int(data.get("member-TOTAL_FORMS", 0)), MemberFormSet.max_num)
    except ValueError:
        total = 0
    typed = []
    for index in range(total):
        prefix = f"member-{index}-"
        if data.get(prefix + "DELETE"):
            continue
        typed.append({name: data.get(prefix + name) for name in MEMBER_FIELDS
                      if data.get(prefix + name) not in (None, "")})
    return typed


@login_required
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    try:
        household = selectors.household_get_for_user(user=request.user,
                                                     household_id=household_id)
    except NotFound:
        raise Http404 from None
    members = household.members.order_by("id")
    return render(request, "registry/household_detail.html", {
        "household": household, "members": members,
        "can_open_case": can_in_office(request.user, "cases.edit", household.office_id)})
