"""Elections on their page: the rounds counted, the round open with who has voted (never
what), casting a secret ballot (its receipt shown once), counting the round, a recount, and a
receipt check."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from corridor.access.policies import has_permission
from corridor.core.errors import ValidationFailed
from corridor.core.views import add_problems
from corridor.finance.models import MemberState
from corridor.governance import elections, forms, selectors
from corridor.governance.models import BallotCast
from corridor.governance.views import _editable, governance_page


@governance_page
@require_http_methods(["POST"])
def election_open(request: HttpRequest, session_id: int) -> HttpResponse:
    _editable(request)
    session = selectors.session_get(user=request.user, session_id=session_id)
    form = forms.ElectionForm(request.POST)
    if form.is_valid():
        try:
            election = elections.election_open(actor=request.user, session=session,
                                               office=form.cleaned_data["office"],
                                               candidates=form.names())
        except ValidationFailed as exc:
            for problem in exc.problems:
                messages.error(request, problem["message"])
        else:
            return redirect("governance:election", election_id=election.pk)
    return redirect("governance:session", session_id=session.pk)


@governance_page
@require_http_methods(["GET", "POST"])
def election_detail(request: HttpRequest, election_id: int) -> HttpResponse:
    election = selectors.election_get(user=request.user, election_id=election_id)
    now = elections.state(election)
    number = now.round
    names = dict(MemberState.objects.values_list("iso3", "name"))
    voted = set(BallotCast.objects.filter(election=election, round=number)
                .values_list("member", flat=True))
    voters = [(code, f"{names.get(code, code)} ({code})") for code in election.present
              if code not in election.suspended and code not in voted]
    cast = forms.CastForm(request.POST if request.POST.get("step") == "cast" else None,
                          voters=voters, candidates=now.standing)
    receipt_form = forms.ReceiptForm(request.POST if request.POST.get("step") == "receipt"
                                     else None)
    receipt = checked = recount = None
    if request.method == "POST":
        step = request.POST.get("step")
        if step in ("cast", "count"):
            _editable(request)
        try:
            if step == "cast" and cast.is_valid():
                receipt = elections.ballot_cast(actor=request.user, election=election,
                                                member=cast.cleaned_data["member"],
                                                choice=cast.cleaned_data["choice"])
                # Shown once, on this answer (never stored in the clear, never in a message).
                return render(request, "governance/receipt.html",
                              {"election": election, "receipt": receipt, "round": number})
            if step == "count":
                elections.round_close(actor=request.user, election=election)
                return redirect("governance:election", election_id=election.pk)
            if step == "receipt" and receipt_form.is_valid():
                checked = elections.receipt_counted(election,
                                                    receipt_form.cleaned_data["receipt"]) or False
            if step == "recount":
                recount = elections.recount(election)[0]
        except ValidationFailed as exc:
            add_problems(cast, exc)
    return render(request, "governance/election_detail.html", {
        "election": election, "round": number, "result": now.result,
        "elected": now.elected, "voted": sorted(voted),
        "voted_names": [names.get(code, code) for code in sorted(voted)],
        "cast": cast, "receipt_form": receipt_form, "checked": checked, "recount": recount,
        "excluded": [(code, names.get(code, code), reason)
                     for code, reason in election.suspended.items()],
        "can_edit": has_permission(request.user, "governance.edit"),
        "title": _("Election of the %(office)s") % {"office": election.get_office_display()}})
