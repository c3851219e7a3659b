"""The governance secretariat's pages: sessions, attendance with the quorum and the voting
rights shown before each vote, roll-call votes and their arithmetic, numbered decisions."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.access.policies import has_permission
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.views import add_problems
from corridor.finance.models import MemberState
from corridor.governance import forms, selectors, services, special


def governance_page(view):
    """Signed in with governance.view, else 404 (a page out of reach)."""

    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs):
        if not has_permission(request.user, "governance.view"):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return guarded


def _editable(request: HttpRequest) -> None:
    if not has_permission(request.user, "governance.edit"):
        raise Http404


@governance_page
@require_http_methods(["GET", "POST"])
def session_list(request: HttpRequest) -> HttpResponse:
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST":
        _editable(request)
        if form.is_valid():
            try:
                session = services.session_create(actor=request.user, **form.cleaned_data)
            except ValidationFailed as exc:
                add_problems(form, exc)
            else:
                return redirect("governance:session", session_id=session.pk)
    return render(request, "governance/session_list.html", {
        "sessions": selectors.session_list(user=request.user), "form": form,
        "can_edit": has_permission(request.user, "governance.edit")},
        status=422 if form.errors else 200)


@governance_page
@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, session_id=session_id)
    standing = selectors.standing(session, timezone.now())
    present = [m for m in standing.members if m.iso3 in standing.present]
    attendance = forms.AttendanceForm(
        request.POST if request.POST.get("step") == "attendance" else None,
        members=standing.members,
        initial={"present": [m.pk for m in present]})
    vote_form = forms.RollCallForm(request.POST if request.POST.get("step") == "vote" else None,
                                   present=present)
    hands_form = forms.HandsForm(request.POST if request.POST.get("step") == "hands" else None,
                                 prefix="hands")
    from corridor.governance.forms_organs import RepresentativeForm

    delegate_form = RepresentativeForm(
        request.POST if request.POST.get("step") == "delegate" else None, prefix="delegate")
    if request.method == "POST":
        _editable(request)
        try:
            if request.POST.get("step") == "attendance" and attendance.is_valid():
                chosen = list(MemberState.objects.filter(pk__in=attendance.cleaned_data["present"]))
                services.attendance_set(actor=request.user, session=session, present=chosen)
                return redirect("governance:session", session_id=session.pk)
            if request.POST.get("step") == "vote" and vote_form.is_valid():
                vote = services.vote_take(actor=request.user, session=session,
                                          title=vote_form.cleaned_data["title"],
                                          decision_kind=vote_form.cleaned_data["decision_kind"],
                                          choices=vote_form.choices(),
                                          subject=vote_form.cleaned_data["subject"],
                                          documents=vote_form.cleaned_data["documents"])
                messages.success(request, _("The vote is recorded."))
                return redirect("governance:vote", vote_id=vote.pk)
            if request.POST.get("step") == "delegate" and delegate_form.is_valid():
                from corridor.governance.members import representative_add

                representative_add(actor=request.user, session=session,
                                   **delegate_form.cleaned_data)
                return redirect("governance:session", session_id=session.pk)
            if request.POST.get("step") == "hands" and hands_form.is_valid():
                vote = services.hands_count(actor=request.user, session=session,
                                            **hands_form.cleaned_data)
                messages.success(request, _("The vote is recorded."))
                return redirect("governance:vote", vote_id=vote.pk)
        except ValidationFailed as exc:
            add_problems({"hands": hands_form, "delegate": delegate_form}.get(
                request.POST.get("step"), vote_form), exc)
        except PermissionDenied:
            raise Http404 from None
    return render(request, "governance/session_detail.html", {
        "session": session, "standing": standing, "attendance": attendance,
        "vote_form": vote_form, "hands_form": hands_form, "votes": session.votes.all(),
        "election_form": forms.ElectionForm(), "elections": session.elections.all(),
        "decisions": session.decisions.prefetch_related("documents"),
        "delegate_form": delegate_form,
        "delegations": session.representatives.select_related("member"),
        "requesting": special.requesting(session),
        "can_edit": has_permission(request.user, "governance.edit")},
        status=422 if vote_form.errors or hands_form.errors or delegate_form.errors else 200)


@governance_page
def vote_detail(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = selectors.vote_get(user=request.user, vote_id=vote_id)
    names = dict(MemberState.objects.values_list("iso3", "name"))
    return render(request, "governance/vote_detail.html", {
        "vote": vote, "result": vote.result, "names": names,
        "ballots": [(b, names.get(b.member, b.member)) for b in vote.ballots.all()],
        "excluded": [(e["member"], names.get(e["member"], e["member"]), e["reason"])
                     for e in vote.result.get("excluded", [])],
        "decision": getattr(vote, "decision", None)})


@governance_page
def session_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    from django.utils.translation import get_language

    from corridor.core.views import download
    from corridor.governance import reports

    session = selectors.session_get(user=request.user, session_id=session_id)
    return download(reports.session_pdf(session, language=get_language()), "application/pdf",
                    f"{session.organ}-{session.number}.pdf")
