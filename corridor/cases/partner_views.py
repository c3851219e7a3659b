"""Referrals as a partner agency's users see them (their inbox, each referral's packet with only
the fields the person consented to share with that agency, and their answer), and a manager's
revocation of a referral."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from corridor.cases import selectors, services
from corridor.cases.models import ReferralStatus
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.models import AuditAction
from corridor.core.views import add_problems
from corridor.partners import catalogue, sharing


class PartnerAnswerForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Answer"), choices=[
        (ReferralStatus.ACCEPTED, gettext_lazy("Accept")),
        (ReferralStatus.DECLINED, gettext_lazy("Reject")),
        (ReferralStatus.COMPLETED, gettext_lazy("Done"))])
    answer = forms.CharField(label=gettext_lazy("Reason or note"), required=False,
                             widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255)
    version = forms.IntegerField(widget=forms.HiddenInput)


@login_required
def referral_inbox(request: HttpRequest) -> HttpResponse:
    if sharing.partner_of(request.user) is None:
        raise Http404
    return render(request, "cases/referral_inbox.html",
                  {"referrals": services.referrals_for_partner_user(request.user)[:200]})


@login_required
@require_http_methods(["GET", "POST"])
def referral_packet(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = services.referrals_for_partner_user(request.user).filter(pk=referral_id).first()
    if referral is None or referral.status == ReferralStatus.REVOKED:
        raise Http404
    form = PartnerAnswerForm(request.POST or None, initial={"version": referral.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_answer_by_partner(
                actor=request.user, referral=referral, status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"], expected_version=form.cleaned_data["version"])
        except ValidationFailed as exc:
            add_problems(form, exc)
            status = 422
        except VersionConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except NotFound:
            raise Http404 from None
        else:
            messages.success(request, _("Answer sent."))
            return redirect("cases:referral_inbox")
    packet = sharing.referral_packet(person=referral.person, partner_id=referral.partner_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=referral,
                 office_id=referral.person.office_id, summary="Referral packet viewed by partner",
                 changes={"fields": list(packet.fields), "people": [referral.person_id]},
                 offices=[referral.person.office_id])
    return render(request, "cases/referral_packet.html", {
        "referral": referral, "form": form,
        "values": [(catalogue.FIELDS[c].label, packet.values[c]) for c in packet.fields],
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def referral_revoke(request: HttpRequest, case_id: int, referral_id: int) -> HttpResponse:
    try:
        referral = selectors.referral_get_for_user(user=request.user, case_id=case_id,
                                                   referral_id=referral_id)
    except NotFound:
        raise Http404 from None
    form = RevokeForm(request.POST or None, initial={"version": referral.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_revoke(actor=request.user, referral=referral,
                                     reason=form.cleaned_data["reason"],
                                     expected_version=form.cleaned_data["version"])
        except ValidationFailed as exc:
            add_problems(form, exc)
            status = 422
        except (PermissionDenied, VersionConflict) as exc:
            form.add_error(None, str(exc))
            status = 403 if isinstance(exc, PermissionDenied) else 409
        else:
            messages.success(request, _("Referral revoked."))
            return redirect("cases:case_detail", case_id=case_id)
    return render(request, "cases/action_form.html", {
        "case": referral.case, "form": form, "title": _("Revoke the referral")}, status=status)
