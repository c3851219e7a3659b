"""Staff pages of partners: the directory, a partner, an agreement and its disclosures (the data
protection officer's list), emergency disclosures (asked, decided by a second person, reported)
and joint operations."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from corridor.access.policies import has_permission, offices_for
from corridor.core.audit import audit_listed
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.views import add_problems
from corridor.partners import catalogue, selectors, services_sharing
from corridor.partners.models import AgreementStatus, OverrideStatus, Partner
from corridor.partners.operations import operation_progress, operations_visible_to


def _staff_partner_view(user) -> bool:
    return any(has_permission(user, p) for p in ("cases.view", "projects.view",
                                                 "partners.manage", "partners.audit"))


@login_required
def partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    if not _staff_partner_view(request.user):
        raise Http404
    partner = get_object_or_404(Partner, pk=partner_id)
    agreements = selectors.agreements_visible_to(request.user).filter(partner=partner)
    return render(request, "partners/partner_detail.html", {
        "partner": partner, "contacts": partner.contacts.all(), "offices": partner.offices.all(),
        "members": partner.members.select_related("user"), "agreements": agreements,
        "profiles": partner.exchange_profiles.all(), "today": timezone.localdate(),
        "can_manage": has_permission(request.user, "partners.manage"),
    })


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=[
        (AgreementStatus.IN_FORCE, AgreementStatus.IN_FORCE.label),
        (AgreementStatus.REVOKED, AgreementStatus.REVOKED.label)])
    reason = forms.CharField(label=gettext_lazy("Reason (to revoke)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


def _agreement_or_404(request, agreement_id):
    try:
        return selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    except NotFound:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement_or_404(request, agreement_id)
    form = TransitionForm(request.POST or None, initial={"version": agreement.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services_sharing.agreement_transition(
                actor=request.user, agreement=agreement, status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"])
        except ValidationFailed as exc:
            add_problems(form, exc)
            status = 422
        except (VersionConflict, PermissionDenied) as exc:
            form.add_error(None, str(exc))
            status = 409 if isinstance(exc, VersionConflict) else 403
        else:
            messages.success(request, _("Saved."))
            return redirect("partners:agreement_detail", agreement_id=agreement.pk)
    return render(request, "partners/agreement_detail.html", {
        "agreement": agreement, "form": form, "today": timezone.localdate(),
        "state": agreement.get_state_on_display(timezone.localdate()),
        "fields": [catalogue.FIELDS[c].label for c in agreement.fields],
        "offices": agreement.offices.all(), "users": agreement.users.all(),
        "can_manage": has_permission(request.user, "partners.manage"),
        "can_audit": has_permission(request.user, "partners.audit"),
    }, status=status)


@login_required
def agreement_disclosures(request: HttpRequest, agreement_id: int) -> HttpResponse:
    try:
        agreement, events = selectors.disclosures_of(user=request.user, agreement_id=agreement_id)
    except NotFound:
        raise Http404 from None
    shown = list(events[:500])
    # The trail read is itself audited, as the audit trail's own page is.
    audit_listed(actor=request.user, object_type="core.auditevent", ids=[e.pk for e in shown],
                 filters={"agreement": agreement.pk}, what="events")
    rows = [(e, e.changes.get("fields", []), e.changes.get("people", [])) for e in shown]
    return render(request, "partners/agreement_disclosures.html",
                  {"agreement": agreement, "rows": rows})


class EmergencyForm(forms.Form):
    partner = forms.ModelChoiceField(label=gettext_lazy("Partner"),
                                     queryset=Partner.objects.order_by("name"))
    person = forms.IntegerField(label=gettext_lazy("Person's record number"), min_value=1)
    fields = forms.MultipleChoiceField(label=gettext_lazy("Fields"), choices=catalogue.CHOICES,
                                       widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea)
    days = forms.IntegerField(label=gettext_lazy("Days open"), min_value=1, max_value=14,
                              initial=3)


@login_required
@require_http_methods(["GET", "POST"])
def emergency_list(request: HttpRequest) -> HttpResponse:
    if not (offices_for(request.user, "partners.override").exists()
            or has_permission(request.user, "partners.audit")):
        raise Http404
    form = EmergencyForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        from corridor.registry.models import Person

        person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
        try:
            if person is None:
                raise NotFound("No such person")
            services_sharing.emergency_request(
                actor=request.user, partner=form.cleaned_data["partner"], person=person,
                fields=form.cleaned_data["fields"], reason=form.cleaned_data["reason"],
                days=form.cleaned_data["days"])
        except NotFound:
            form.add_error("person", _("No such person in your offices."))
            status = 422
        except ValidationFailed as exc:
            add_problems(form, exc)
            status = 422
        else:
            messages.success(request, _("Asked: a second person must approve it."))
            return redirect("partners:emergency_list")
    items = list(selectors.emergencies_visible_to(request.user)[:200])
    # The report names people by record number and carries the reasons given: audited.
    audit_listed(actor=request.user, object_type="partners.emergencydisclosure",
                 ids=[item.pk for item in items], filters={}, what="disclosures",
                 offices=[item.person.office_id for item in items])
    return render(request, "partners/emergency_list.html", {
        "form": form, "items": items,
        "requested": OverrideStatus.REQUESTED,
    }, status=status)


@login_required
@require_POST
def emergency_decide(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    disclosure = selectors.emergencies_visible_to(request.user).filter(pk=disclosure_id).first()
    if disclosure is None:
        raise Http404
    try:
        services_sharing.emergency_decide(
            actor=request.user, disclosure=disclosure,
            approve=request.POST.get("decision") == "approve",
            expected_version=int(request.POST.get("version") or 0))
    except NotFound:
        raise Http404 from None
    except (PermissionDenied, ValidationFailed, VersionConflict) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("partners:emergency_list")


@login_required
def operation_list(request: HttpRequest) -> HttpResponse:
    if not has_permission(request.user, "projects.view") and not has_permission(
            request.user, "partners.manage"):
        raise Http404
    return render(request, "partners/operation_list.html",
                  {"operations": operations_visible_to(request.user)})


@login_required
def operation_detail(request: HttpRequest, operation_id: int) -> HttpResponse:
    operation = operations_visible_to(request.user).filter(pk=operation_id).first()
    if operation is None:
        raise Http404
    return render(request, "partners/operation_detail.html", {
        "operation": operation, "activities": operation.activities.select_related("partner"),
        "progress": operation_progress(operation),
    })
