"""Pages for signing in, two-factor enrolment, API tokens, offices, staff and the audit trail."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.access import notify, policies, selectors, services, workqueue
from corridor.access.authentication import login_attempt
from corridor.access.forms import (
    AuditFilterForm,
    LoginForm,
    MembershipForm,
    OfficeForm,
    StaffCreateForm,
    TokenForm,
    TotpConfirmForm,
)
from corridor.access.models import ApiToken, RoleGrantRequest
from corridor.core.audit import audit_exported, audit_listed, audit_record
from corridor.core.errors import NotFound, ValidationFailed, VersionConflict
from corridor.core.exports import csv_bytes
from corridor.core.models import AuditAction
from corridor.core.views import add_problems, download, query_without_page


def _require(user, permission: str) -> None:
    if not policies.has_permission(user, permission):
        # Pages a role has no business on answer 404 too: their existence is not a secret,
        # but a single rule keeps views simple.
        raise Http404


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        result = login_attempt(request=request, **form.cleaned_data)
        if result.user is not None:
            with transaction.atomic():
                login(request, result.user)
                if result.device is not None:
                    otp_login(request, result.device)
                audit_record(actor=result.user, action=AuditAction.LOGIN, obj=result.user)
                notify.remember_language(result.user, translation.get_language())
            target = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                   require_https=request.is_secure()):
                target = "access:home"
            return redirect(target)
        if result.locked:
            error = _("Too many failed attempts. Try again later.")
        else:
            error = _("The user name, password or code is not right.")
    return render(request, "access/login.html", {"form": form, "error": error,
                                                 "next": request.GET.get("next", "")},
                  status=200 if error is None else 401)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, action=AuditAction.LOGOUT, obj=request.user)
    logout(request)
    return redirect("portal:home")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() and user.is_verified():
        messages.info(request, _("Two-factor authentication is already set up."))
        return redirect("access:home")
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            with transaction.atomic():
                device.confirmed = True
                device.save()
                otp_login(request, device)
                audit_record(actor=user, action=AuditAction.UPDATE, obj=user,
                             summary="Two-factor authentication set up")
            messages.success(request, _("Two-factor authentication is now on."))
            return redirect("access:home")
        form.add_error("code", _("That code is not right; check your device's clock."))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return render(request, "access/two_factor_setup.html", {
        "form": form, "qr_svg": buffer.getvalue().decode(), "secret": _base32(device),
    })


def _base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = user.memberships.select_related("office").order_by("office__path")
    queue = workqueue.queue_for(user)
    seen = workqueue.parse_time(request.session.get(workqueue.SEEN_KEY))
    fresh = workqueue.fresh_keys(queue, seen)
    # This visit is what the next one's "new" is measured from; the header's count starts over.
    request.session[workqueue.SEEN_KEY] = timezone.now().isoformat()
    request.session[workqueue.NEW_KEY] = {"at": timezone.now().isoformat(), "count": 0}
    return render(request, "access/home.html",
                  {"memberships": memberships, "queue": queue, "fresh": fresh})


@login_required
def waiting(request: HttpRequest) -> JsonResponse:
    """The header's notice: how many things in the work queue are new since the home page was
    last seen, with its text in the reader's language (waiting.js asks after each page)."""
    count = workqueue.header_count(request)
    label = ngettext("%(count)d new in your work", "%(count)d new in your work",
                     count) % {"count": count}
    response = JsonResponse({"new": count, "label": label if count else ""})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def office_list(request: HttpRequest) -> HttpResponse:
    _require(request.user, "offices.view")
    return render(request, "access/office_list.html",
                  {"offices": selectors.office_list(user=request.user),
                   "can_create": policies.offices_for(request.user, "offices.manage").exists()})


@login_required
@require_http_methods(["GET", "POST"])
def office_create(request: HttpRequest) -> HttpResponse:
    parents = policies.offices_for(request.user, "offices.manage")
    if not parents.exists():
        raise Http404
    form = OfficeForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            office = services.office_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_problems(form, exc)
        else:
            messages.success(request, _("Office added."))
            return redirect("access:office_detail", office_id=office.pk)
    return render(request, "access/office_form.html", {"form": form, "office": None})


@login_required
@require_http_methods(["GET", "POST"])
def office_edit(request: HttpRequest, office_id: int) -> HttpResponse:
    office = policies.offices_for(request.user, "offices.manage").filter(pk=office_id).first()
    if office is None:
        raise Http404
    initial = {"code": office.code, "name": office.name, "country": office.country,
               "version": office.version}
    form = OfficeForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        version = changes.pop("version")
        try:
            services.office_update(actor=request.user, office=office, expected_version=version,
                                   changes=changes)
        except ValidationFailed as exc:
            add_problems(form, exc)
        except VersionConflict:
            form.add_error(None, _("Someone changed this office meanwhile: check it and save again."))
        else:
            messages.success(request, _("Office saved."))
            return redirect("access:office_detail", office_id=office.pk)
    return render(request, "access/office_form.html", {"form": form, "office": office})


@login_required
def office_detail(request: HttpRequest, office_id: int) -> HttpResponse:
    _require(request.user, "offices.view")
    try:
        office = selectors.office_get_for_user(user=request.user, office_id=office_id)
    except NotFound:
        raise Http404 from None
    staff = selectors.staff_list(user=request.user, office_id=office.pk)
    can_edit = policies.can_in_office(request.user, "offices.manage", office.pk)
    return render(request, "access/office_detail.html",
                  {"office": office, "staff": staff, "can_edit": can_edit})


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _require(request.user, "staff.view")
    page = Paginator(selectors.staff_list(user=request.user), 50).get_page(request.GET.get("page"))
    can_create = policies.offices_for(request.user, "staff.manage").exists()
    return render(request, "access/staff_list.html", {"page": page, "can_create": can_create})


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    _require(request.user, "audit.view")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_list(user=request.user, filters=filters)
    if request.GET.get("format") == "csv":
        return _audit_csv(request, events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # The trail names who did what to whose record: reading it is audited like any list.
    audit_listed(actor=request.user, object_type="core.auditevent",
                 ids=[event.pk for event in page], filters=filters, what="events",
                 offices=[event.office_id for event in page])
    return render(request, "access/audit_list.html",
                  {"form": form, "page": page, "query": query_without_page(request)})


def _audit_csv(request: HttpRequest, events) -> HttpResponse:
    rows = list(events.values_list("pk", "at", "actor_label", "action", "object_type",
                                   "object_id", "office_id", "summary", "ip_address",
                                   "via")[:100_000])
    audit_exported(actor=request.user, object_type="core.auditevent",
                   ids=[row[0] for row in rows], what="events",
                   offices=[row[6] for row in rows],
                   summary=f"Audit trail export, {len(rows)} events")
    rows = [row[1:] for row in rows]
    body = csv_bytes(["at", "actor", "action", "object_type", "object_id", "office_id",
                      "summary", "ip_address", "via"], rows)
    return download(body, "text/csv; charset=utf-8",
                    f"audit-{timezone.now().strftime('%Y%m%d-%H%M')}.csv")


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    allowed = policies.token_scopes_allowed(request.user)
    form = TokenForm(request.POST or None, allowed_scopes=allowed)
    created_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created_secret = services.token_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            for problem in exc.problems:
                form.add_error(problem["field"], problem["message"])
        else:
            form = TokenForm(allowed_scopes=allowed)
    return render(request, "access/token_list.html", {
        "form": form, "tokens": selectors.token_list(user=request.user),
        "created_secret": created_secret,
    })


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("access:token_list")


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    offices = policies.offices_for(request.user, "staff.manage")
    if not offices.exists():
        raise Http404
    form = StaffCreateForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.user_create(
                actor=request.user, username=data["username"], password=data["password"],
                email=data["email"], first_name=data["first_name"], last_name=data["last_name"],
                memberships=[(data["office"], data["role"])],
            )
        except ValidationFailed as exc:
            for problem in exc.problems:
                form.add_error(problem["field"] if problem["field"] in form.fields else None,
                               problem["message"])
        else:
            messages.success(request, _("Account created."))
            if not member.memberships.exists():
                messages.info(request, _("The role waits for a second administrator's approval."))
            return redirect("access:staff_detail", staff_id=member.pk)
    return render(request, "access/staff_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, staff_id: int) -> HttpResponse:
    _require(request.user, "staff.view")
    try:
        member = selectors.staff_get_for_user(user=request.user, staff_id=staff_id)
    except NotFound:
        raise Http404 from None
    manageable = policies.offices_for(request.user, "staff.manage")
    form = MembershipForm(request.POST or None, offices=manageable)
    if request.method == "POST":
        # The services decide who may do what (scope, four eyes); refusals become 403.
        action = request.POST.get("action")
        if action == "grant" and form.is_valid():
            outcome = services.membership_grant(actor=request.user, user=member,
                                                office=form.cleaned_data["office"],
                                                role=form.cleaned_data["role"])
            if isinstance(outcome, RoleGrantRequest):
                messages.info(request, _("The role waits for a second administrator's approval."))
            return redirect("access:staff_detail", staff_id=member.pk)
        if action == "revoke":
            membership = member.memberships.filter(pk=request.POST.get("membership")).first()
            if membership is None:
                raise Http404
            services.membership_revoke(actor=request.user, membership=membership)
            return redirect("access:staff_detail", staff_id=member.pk)
        if action in ("deactivate", "activate"):
            services.user_set_active(actor=request.user, user=member,
                                     active=action == "activate")
            return redirect("access:staff_detail", staff_id=member.pk)
    memberships = member.memberships.select_related("office").order_by("office__path")
    can_manage = policies.may_manage_user(request.user, member)
    return render(request, "access/staff_detail.html", {
        "member": member, "memberships": memberships, "form": form, "can_manage": can_manage,
        "pending": selectors.grant_requests_of(user=request.user, member=member),
    })


@login_required
def grant_list(request: HttpRequest) -> HttpResponse:
    _require(request.user, "staff.manage")
    grants = selectors.grant_request_list(user=request.user)
    return render(request, "access/grant_list.html", {
        "grants": [(grant, policies.may_decide_grant(request.user, grant)) for grant in grants],
    })


@login_required
@require_POST
def grant_decide(request: HttpRequest, grant_id: int) -> HttpResponse:
    _require(request.user, "staff.manage")
    try:
        grant = selectors.grant_request_get_for_user(user=request.user, grant_id=grant_id)
    except NotFound:
        raise Http404 from None
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        raise Http404
    try:
        if decision == "approve":
            services.grant_approve(actor=request.user, grant=grant)
            messages.success(request, _("The role is given."))
        else:
            services.grant_decline(actor=request.user, grant=grant)
            messages.success(request, _("The request is declined."))
    except ValidationFailed as exc:
        messages.error(request, exc.problems[0]["message"])
    return redirect("access:grant_list")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and the choice kept for the user's e-mails."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        notify.remember_language(request.user, language)
    return response
