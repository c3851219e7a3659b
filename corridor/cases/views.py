"""Pages of case management: thin; each calls one selector or service."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from corridor.access.policies import has_permission, offices_for
from corridor.cases import attachments, forms, policies, selectors, services
from corridor.cases.models import Case, CaseState
from corridor.cases.services.assistance import ACTIVE_STATES
from corridor.cases.services.closure import CANCEL_OPEN_WORK
from corridor.core.audit import audit_listed
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.views import add_problems
from corridor.partners import policies as partner_policies
from corridor.partners import selectors as partner_selectors
from corridor.partners.models import Project
from corridor.registry import selectors as registry_selectors

PAGE_SIZE = 50


def _case_or_404(request: HttpRequest, case_id: int, *, audit: bool = True) -> Case:
    try:
        return selectors.case_get_for_user(user=request.user, case_id=case_id, audit=audit)
    except NotFound:
        raise Http404 from None


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _subject(request: HttpRequest, person_id: int | None, household_id: int | None, *,
             audit: bool = False):
    """The person or household a case is for, if in the user's registry scope (else 404);
    `audit`: the page shows them (the form opening a case names them)."""
    try:
        if person_id:
            return registry_selectors.person_get_for_user(user=request.user, person_id=person_id,
                                                          audit=audit), None
        if household_id:
            return None, registry_selectors.household_get_for_user(
                user=request.user, household_id=household_id, audit=audit)
    except NotFound:
        raise Http404 from None
    return None, None


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    """Open a case for ?person=<id> or ?household=<id> (optionally ?project=<id>), the links on
    their pages; without either, the page sends the user to find the person first."""
    if not offices_for(request.user, "cases.edit").exists():
        raise Http404
    person, household = _subject(request, _int(request.GET.get("person")),
                                 _int(request.GET.get("household")), audit=True)
    if not (person or household):
        return render(request, "cases/case_create.html", {"form": None})
    office = (person or household).office
    ancestors = [int(p) for p in office.path.strip("/").split("/") if p]
    projects = (Project.objects.filter(office__in=offices_for(request.user, "projects.view"))
                | Project.objects.filter(office_id__in=ancestors))
    form = forms.CaseCreateForm(request.POST or None, projects=projects.distinct().order_by("code"),
                                initial={"project": _int(request.GET.get("project"))})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(actor=request.user, project=data["project"],
                                      kind=data["kind"], person=person, household=household,
                                      summary=data["summary"])
        except ValidationFailed as exc:
            add_problems(form, exc)
        except (PermissionDenied, NotFound) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Case opened."))
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_create.html", {
        "form": form, "person": person, "household": household})


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(request, case_id)
    can_edit = policies.can(request.user, "edit", case)
    return render(request, "cases/case_detail.html", {
        "file": selectors.case_file(case=case), "case": case, "can_edit": can_edit,
        # A closed or rejected case takes no new work (reopen it first).
        "case_active": case.state in ACTIVE_STATES,
        "pending_transfer": selectors.pending_transfer(case=case),
        "moves": selectors.case_moves_for(user=request.user, case=case) if can_edit else [],
        "money": partner_selectors.project_money(project_id=case.project_id),
        "can_see_person": has_permission(request.user, "registry.view"),
        # A sub-office case may run under a parent office's project, which its workers cannot
        # open: they see its name, and the link only where the project page would answer.
        "can_open_project": partner_policies.can(request.user, "view", case.project),
    })


def _action(request: HttpRequest, case: Case, *, form, title, perform: Callable,
            status_ok: str = "", done: Callable[[], HttpResponse] | None = None,
            template: str = "cases/action_form.html", extra: dict | None = None) -> HttpResponse:
    """Show the action's form; on a valid POST run the service and go back to the case (or
    wherever `done` answers, for an action after which the case may be out of sight)."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationFailed as exc:
            add_problems(form, exc)
            status = 422
        except VersionConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except NotFound:
            raise Http404 from None
        else:
            messages.success(request, status_ok or _("Saved."))
            return done() if done else redirect("cases:case_detail", case_id=case.pk)
    return render(request, template,
                  {"case": case, "form": form, "title": title, **(extra or {})}, status=status)


def _audit_beneficiaries(request: HttpRequest, case: Case, people) -> None:
    """A form choosing among the case's people names them all: an audited view."""
    shown = list(people)
    audit_listed(actor=request.user, object_type="registry.person", ids=[p.pk for p in shown],
                 filters={"case": case.pk}, what="people",
                 offices=[case.office_id, *(p.office_id for p in shown)])


def _editable_case(request: HttpRequest, case_id: int) -> Case:
    case = _case_or_404(request, case_id, audit=False)
    if not policies.can(request.user, "edit", case):
        raise Http404
    return case


MOVE_TITLES = {
    CaseState.ASSESSED: gettext_lazy("Mark as assessed"),
    CaseState.APPROVED: gettext_lazy("Approve"),
    CaseState.IN_ASSISTANCE: gettext_lazy("Start assistance"),
    CaseState.CLOSED: gettext_lazy("Close the case"),
    CaseState.REJECTED: gettext_lazy("Reject"),
    CaseState.OPEN: gettext_lazy("Reopen"),
}


@login_required
@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, case_id: int, to: str) -> HttpResponse:
    case = _editable_case(request, case_id)
    if to not in MOVE_TITLES:
        raise Http404
    work = selectors.open_work(case) if to == CaseState.CLOSED else None
    form = forms.TransitionForm(request.POST or None, to=to, open_work=work,
                                initial={"to": to, "version": case.version})

    def perform(data):
        services.case_transition(
            actor=request.user, case=case, to=to, expected_version=data["version"],
            reason=data.get("reason", ""), note=data.get("note", ""),
            open_work=CANCEL_OPEN_WORK if data.get("open_work") else "")
    return _action(request, case, form=form, title=MOVE_TITLES[to], perform=perform,
                   extra={"open_work": work})


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _editable_case(request, case_id)
    form = forms.AssignForm(request.POST or None, office=case.office,
                            initial={"version": case.version, "assignee": case.assigned_to_id})
    return _action(request, case, form=form, title=_("Assign"), perform=lambda d: (
        services.case_assign(actor=request.user, case=case, assignee=d["assignee"],
                             expected_version=d["version"])))


@login_required
@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _editable_case(request, case_id)
    form = forms.NoteForm(request.POST or None)
    return _action(request, case, form=form, title=_("Add a note"), perform=lambda d: (
        services.note_add(actor=request.user, case=case, text=d["text"])))


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _editable_case(request, case_id)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    return _action(request, case, form=form, title=_("Attach a file"), perform=lambda d: (
        services.attachment_add(actor=request.user, case=case, uploaded=d["file"])))


@login_required
def attachment_download(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponse:
    try:
        attachment = selectors.attachment_get_for_user(user=request.user, case_id=case_id,
                                                       attachment_id=attachment_id)
    except NotFound:
        raise Http404 from None
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachments.content_type(attachment.file_type))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def assistance_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _editable_case(request, case_id)
    people = services.beneficiaries(case)
    _audit_beneficiaries(request, case, people)
    form = forms.AssistanceForm(request.POST or None, people=people)
    return _action(request, case, form=form, title=_("Plan assistance"), perform=lambda d: (
        services.assistance_plan(actor=request.user, case=case, kind=d["kind"],
                                 planned_cost=d["planned_cost"], description=d["description"],
                                 beneficiary=d["beneficiary"])))


def _item_or_404(request, case_id, item_id):
    _editable_case(request, case_id)
    try:
        return selectors.assistance_item_get_for_user(user=request.user, case_id=case_id,
                                                      item_id=item_id)
    except NotFound:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def assistance_deliver(request: HttpRequest, case_id: int, item_id: int) -> HttpResponse:
    item = _item_or_404(request, case_id, item_id)
    form = forms.DeliverForm(request.POST or None, initial={
        "version": item.version, "actual_cost": item.planned_cost})
    return _action(request, item.case, form=form, title=_("Record delivery"), perform=lambda d: (
        services.assistance_deliver(actor=request.user, item=item, actual_cost=d["actual_cost"],
                                    delivered_on=d["delivered_on"],
                                    expected_version=d["version"])))


@login_required
@require_http_methods(["GET", "POST"])
def assistance_cancel(request: HttpRequest, case_id: int, item_id: int) -> HttpResponse:
    item = _item_or_404(request, case_id, item_id)
    form = forms.CancelForm(request.POST or None, initial={"version": item.version})
    return _action(request, item.case, form=form, title=_("Cancel assistance"), perform=lambda d: (
        services.assistance_cancel(actor=request.user, item=item, reason=d["reason"],
                                   expected_version=d["version"])))


@login_required
@require_http_methods(["GET", "POST"])
def referral_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _editable_case(request, case_id)
    people = services.beneficiaries(case)
    _audit_beneficiaries(request, case, people)
    form = forms.ReferralForm(request.POST or None, people=people)
    return _action(request, case, form=form, title=_("Refer to a partner"), perform=lambda d: (
        services.referral_send(actor=request.user, case=case, person=d["person"],
                               partner=d["partner"], reason=d["reason"])))


@login_required
@require_http_methods(["GET", "POST"])
def referral_answer(request: HttpRequest, case_id: int, referral_id: int) -> HttpResponse:
    _editable_case(request, case_id)
    try:
        referral = selectors.referral_get_for_user(user=request.user, case_id=case_id,
                                                   referral_id=referral_id)
    except NotFound:
        raise Http404 from None
    form = forms.AnswerForm(request.POST or None, initial={"version": referral.version})
    return _action(request, referral.case, form=form, title=_("Record the partner's answer"),
                   perform=lambda d: services.referral_answer(
                       actor=request.user, referral=referral, status=d["status"],
                       answer=d["answer"], answered_on=d["answered_on"],
                       expected_version=d["version"]))
