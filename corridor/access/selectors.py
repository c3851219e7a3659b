"""Reads of offices and staff, always through the policies."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from corridor.access import policies
from corridor.access.models import ApiToken, GrantStatus, Office, RoleGrantRequest, User
from corridor.core.errors import NotFound
from corridor.core.models import AuditEvent, AuditEventOffice


def office_list(*, user) -> QuerySet[Office]:
    return policies.offices_visible_to(user).select_related("parent")


def office_get_for_user(*, user, office_id: int) -> Office:
    office = office_list(user=user).filter(pk=office_id).first()
    if office is None:
        raise NotFound("No such office")
    return office


def office_for_action(*, user, office_id: int, permission: str) -> Office:
    """The office where `user` holds `permission`, for a record created in it. An office outside
    that scope answers 404 as one that does not exist: a refusal would tell that it exists."""
    office = policies.offices_for(user, permission).filter(pk=office_id).first()
    if office is None:
        raise NotFound("No such office")
    return office


def staff_list(*, user, office_id: int | None = None) -> QuerySet[User]:
    staff = policies.staff_visible_to(user).prefetch_related("memberships__office")
    if office_id is not None:
        staff = staff.filter(memberships__office_id=office_id)
    return staff.order_by("username")


def token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def audit_list(*, user, filters: dict | None = None) -> QuerySet[AuditEvent]:
    """Audit events of the offices in the user's audit scope, among them the lists and exports
    that showed any of their records (who listed or exported their people); office-less events
    for HQ scope."""
    offices = policies.offices_for(user, "audit.view")
    scope = Q(office_id__in=offices.values("pk")) | Q(Exists(AuditEventOffice.objects.filter(
        event=OuterRef("pk"), office_id__in=offices.values("pk"))))
    if offices.filter(parent__isnull=True).exists():
        scope |= Q(office_id__isnull=True)
    events = AuditEvent.objects.filter(scope) if policies.has_permission(user, "audit.view") \
        else AuditEvent.objects.none()
    filters = filters or {}
    if filters.get("actor"):
        events = events.filter(actor_label__icontains=filters["actor"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("object_type"):
        events = events.filter(object_type=filters["object_type"])
    if filters.get("date_from"):
        events = events.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(at__date__lte=filters["date_to"])
    return events


def staff_get_for_user(*, user, staff_id: int) -> User:
    member = staff_list(user=user).filter(pk=staff_id).first()
    if member is None:
        raise NotFound("No such user")
    return member


def grant_request_list(*, user) -> QuerySet[RoleGrantRequest]:
    return policies.grant_requests_visible_to(user).select_related(
        "user", "office", "requested_by")


def grant_request_get_for_user(*, user, grant_id: int) -> RoleGrantRequest:
    grant = grant_request_list(user=user).filter(pk=grant_id).first()
    if grant is None:
        raise NotFound("No such request")
    return grant


def grant_requests_of(*, user, member: User) -> QuerySet[RoleGrantRequest]:
    """`member`'s roles waiting for approval, in the offices the user may see staff of."""
    return RoleGrantRequest.objects.filter(
        user=member, status=GrantStatus.PENDING,
        office__in=policies.offices_for(user, "staff.view")).select_related("office",
                                                                            "requested_by")
