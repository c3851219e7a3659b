"""Technical cooperation's pages: requests and their assessment, expert missions, courses with
sessions, participants, attendance, tests and evaluations, certificates, outcomes per country.
Each form posts a `step`; the services decide, and a refusal is shown on its form (422)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.access.policies import has_permission, offices_for
from corridor.cooperation import certificates, forms, selectors, services
from corridor.cooperation.models import Attendance
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.views import add_problems, download


def cooperation_page(view):
    """Signed in with cooperation.view, else 404; a record out of scope is 404 too."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not has_permission(request.user, "cooperation.view"):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except (NotFound, PermissionDenied):
            raise Http404 from None

    return guarded


def bound(request: HttpRequest, step: str, form_class, **kwargs):
    """The form bound to the POST when it is the step posted, else unbound."""
    data = request.POST if request.method == "POST" and request.POST.get("step") == step else None
    files = request.FILES if data is not None else None
    return form_class(data, files, **kwargs) if data is not None else form_class(**kwargs)


def run_form(request: HttpRequest, form, call) -> object | None:
    """`call(**cleaned)` when the form is valid; a refusal lands on the form."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationFailed as exc:
        add_problems(form, exc)
        return None


def form_status(*forms_) -> int:
    return 422 if any(f.is_bound and f.errors for f in forms_) else 200


@cooperation_page
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    offices = offices_for(user, "cooperation.edit")
    today = timezone.localdate()
    request_form = bound(request, "request", forms.RequestForm, offices=offices,
                         initial={"received_on": today})
    made = run_form(request, request_form, lambda d: services.request_create(actor=user, **d))
    if made is not None:
        return redirect("cooperation:request", request_id=made.pk)
    return render(request, "cooperation/home.html", {
        "requests": selectors.request_list(user=user), "courses": selectors.course_list(user=user),
        "request_form": request_form, "can_edit": offices.exists()}, status=form_status(request_form))


@cooperation_page
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    user = request.user
    gov = selectors.request_get(user=user, request_id=request_id)
    today = timezone.localdate()
    assess = bound(request, "assess", forms.AssessForm,
                   initial={"on": today, "version": gov.version})
    decide = bound(request, "decide", forms.DecideForm, initial={"version": gov.version})
    mission = bound(request, "mission", forms.MissionForm)
    course = bound(request, "course", forms.CourseForm)
    done = (
        run_form(request, assess, lambda d: services.request_assess(
            actor=user, request=gov, expected_version=d["version"], assessment=d["assessment"],
            on=d["on"]))
        or run_form(request, decide, lambda d: services.request_decide(
            actor=user, request=gov, expected_version=d["version"], status=d["status"],
            note=d["note"]))
        or run_form(request, mission, lambda d: services.mission_create(actor=user, request=gov, **d))
    )
    if done is not None:
        return redirect("cooperation:request", request_id=gov.pk)
    made = run_form(request, course, lambda d: services.course_create(
        actor=user, office=gov.office, request=gov, country=gov.country, **d))
    if made is not None:
        return redirect("cooperation:course", course_id=made.pk)
    return render(request, "cooperation/request_detail.html", {
        "gov": gov, "missions": gov.missions.all(), "courses": gov.courses.all(),
        "assess": assess, "decide": decide, "mission_form": mission, "course_form": course,
        "report_form": forms.ReportForm(),
        "can_edit": has_permission(user, "cooperation.edit")},
        status=form_status(assess, decide, mission, course))


@cooperation_page
@require_http_methods(["GET", "POST"])
def mission_report(request: HttpRequest, mission_id: int) -> HttpResponse:
    mission = selectors.mission_get(user=request.user, mission_id=mission_id)
    if request.method == "POST":
        form = forms.ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.mission_report_attach(actor=request.user, mission=mission,
                                               uploaded=form.cleaned_data["report"])
            except ValidationFailed as exc:
                messages.error(request, str(exc))
            return redirect("cooperation:request", request_id=mission.request_id)
        messages.error(request, _("Choose a PDF file."))
        return redirect("cooperation:request", request_id=mission.request_id)
    if not mission.report:
        raise Http404
    return FileResponse(mission.report.open("rb"), as_attachment=True,
                        filename=mission.report_name or "report.pdf")


@cooperation_page
@require_http_methods(["GET", "POST"])
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course, its sessions and evaluations; no participant's name (see participants)."""
    user = request.user
    course = selectors.course_get(user=user, course_id=course_id)
    session = bound(request, "session", forms.SessionForm)
    evaluation = bound(request, "evaluation", forms.EvaluationForm)
    done = (run_form(request, session, lambda d: services.session_add(actor=user, course=course, **d))
            or run_form(request, evaluation,
                    lambda d: services.evaluation_add(actor=user, course=course, **d)))
    if done is not None:
        return redirect("cooperation:course", course_id=course.pk)
    evaluations = list(course.evaluations.all())
    return render(request, "cooperation/course_detail.html", {
        "course": course, "sessions": course.sessions.all(), "session_form": session,
        "evaluation_form": evaluation, "evaluations": evaluations,
        "participant_count": course.participants.count(),
        "can_edit": has_permission(user, "cooperation.edit")}, status=form_status(session, evaluation))


@cooperation_page
@require_http_methods(["GET", "POST"])
def course_participants(request: HttpRequest, course_id: int) -> HttpResponse:
    """Participants, attendance per session, test scores and certificates: the list of names is
    audited."""
    user = request.user
    course = selectors.course_get(user=user, course_id=course_id)
    participant = bound(request, "participant", forms.ParticipantForm)
    issue = bound(request, "issue", forms.IssueForm, initial={"on": timezone.localdate()})
    sessions = list(course.sessions.all())
    problems: list[str] = []
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "attendance":
                session = next((s for s in sessions if str(s.pk) == request.POST.get("session")),
                               None)
                if session is None:
                    raise NotFound("No such session")
                ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
                services.attendance_record(actor=user, session=session, participant_ids=ids)
                return redirect("cooperation:participants", course_id=course.pk)
            if step == "scores":
                who = selectors.participant_get(user=user,
                                                participant_id=int(request.POST["participant"]))
                if who.course_id != course.pk:
                    raise NotFound("No such participant")
                services.scores_record(actor=user, participant=who,
                                       expected_version=int(request.POST["version"]),
                                       pre_test=request.POST.get("pre_test"),
                                       post_test=request.POST.get("post_test"))
                return redirect("cooperation:participants", course_id=course.pk)
        except ValidationFailed as exc:
            problems = [p["message"] for p in exc.problems]
        except (KeyError, ValueError):
            problems = [_("The form was incomplete.")]
    done = run_form(request, participant,
                lambda d: services.participant_add(actor=user, course=course, **d))
    issued = run_form(request, issue, lambda d: services.certificates_issue(actor=user, course=course,
                                                                        on=d["on"]))
    if done is not None or issued is not None:
        if issued is not None:
            messages.success(request, ngettext("%(count)d certificate issued.",
                                               "%(count)d certificates issued.", len(issued))
                             % {"count": len(issued)})
        return redirect("cooperation:participants", course_id=course.pk)
    participants = selectors.participants_of(user=user, course=course)
    present = {(a.session_id, a.participant_id)
               for a in Attendance.objects.filter(session__course=course)}
    # Each session's form: every participant, ticked when present.
    sheets = [(s, [(p, (s.pk, p.pk) in present) for p in participants]) for s in sessions]
    return render(request, "cooperation/participants.html", {
        "course": course, "participants": participants, "sessions": sessions,
        "sheets": sheets, "participant_form": participant, "issue_form": issue,
        "problems": problems, "can_edit": has_permission(user, "cooperation.edit")},
        status=422 if problems else form_status(participant, issue))


@cooperation_page
@require_http_methods(["GET", "POST"])
def certificate_detail(request: HttpRequest, certificate_id: int) -> HttpResponse:
    user = request.user
    certificate = selectors.certificate_get(user=user, certificate_id=certificate_id)
    revoke = bound(request, "revoke", forms.RevokeForm)
    problems: list[str] = []
    if request.method == "POST" and request.POST.get("step") == "renew":
        try:
            renewed = services.certificate_renew(actor=user, certificate=certificate)
        except ValidationFailed as exc:
            problems = [p["message"] for p in exc.problems]
        else:
            return redirect("cooperation:certificate", certificate_id=renewed.pk)
    done = run_form(request, revoke, lambda d: services.certificate_revoke(
        actor=user, certificate=certificate, reason=d["reason"]))
    if done is not None:
        return redirect("cooperation:certificate", certificate_id=certificate.pk)
    url = certificates.verification_url(certificate.code, base=request.build_absolute_uri("/"))
    return render(request, "cooperation/certificate_detail.html", {
        "certificate": certificate, "url": url, "qr": certificates.qr_data_uri(url),
        "revoke_form": revoke, "problems": problems,
        "renewal": getattr(certificate, "renewed_by", None),
        "can_edit": has_permission(user, "cooperation.edit")},
        status=422 if problems else form_status(revoke))


@cooperation_page
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, certificate_id=certificate_id)
    data = certificates.certificate_pdf(certificate, language=get_language(),
                                        base=request.build_absolute_uri("/"))
    return download(data, "application/pdf", f"certificate-{certificate.pk}.pdf")


@cooperation_page
def outcomes(request: HttpRequest) -> HttpResponse:
    country = request.GET.get("country", "")[:3]
    return render(request, "cooperation/outcomes.html", {
        "rows": selectors.outcomes(user=request.user, country=country), "country": country})
