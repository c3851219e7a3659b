"""The one selector of what a partner's user may see of the registry (ADR 0093).

Pages, API and exports all read through `shared_people`, `shared_person` and `shared_export`.
A partner's user sees a person's field only when, on the day of the request:
  - the user belongs to the partner (`PartnerMember`) and holds `partners.view`;
  - a data-sharing agreement of that partner is in force (stored "in force", start ≤ day ≤ end)
    and names the user;
  - the person is standing (not merged), in an office the agreement covers (with its subtree),
    of a category it covers and registered within its period;
  - the person's latest sharing consent naming that partner is given, was recorded under a
    privacy notice that names the partner and the agreement's purpose, and that notice names the
    field (so a person told of fewer fields shares fewer, whatever the agreement says).
Nothing is cached: every request asks the database again, so a withdrawn consent or an ended
agreement cuts access on the next request. Everything else answers NotFound (404) or is absent.
Every disclosure is audited under the agreement: which fields, which people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from corridor.access.models import Office
from corridor.access.policies import has_permission
from corridor.core.audit import audit_exported, audit_record
from corridor.core.errors import NotFound
from corridor.core.models import AuditAction
from corridor.partners import catalogue
from corridor.partners.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    EmergencyDisclosure,
    OverrideStatus,
    Partner,
    PartnerMember,
    PrivacyNotice,
)
from corridor.registry.models import Consent, ConsentPurpose, Person

AGREEMENT_TYPE = "partners.agreement"


@dataclass(frozen=True)
class SharedRecord:
    """One person as a partner may see them: only `values` (field code → value) leave here."""

    person_id: int
    office_id: int
    fields: tuple[str, ...]
    values: dict[str, object] = field(default_factory=dict)


class ExportRefused(Exception):
    """An export refused, with its reason (a code and a translated message); already audited."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def partner_of(user) -> Partner | None:
    """The partner `user` belongs to, read now (never remembered between requests)."""
    if not getattr(user, "is_authenticated", False):
        return None
    member = PartnerMember.objects.select_related("partner").filter(user_id=user.pk).first()
    return member.partner if member else None


def in_force_on(day: dt.date) -> Q:
    return Q(status=AgreementStatus.IN_FORCE, start__lte=day, end__gte=day)


def agreements_for(user, *, on: dt.date | None = None) -> QuerySet[Agreement]:
    """The data-sharing agreements in force on `on` that let `user` see something."""
    day = on or timezone.localdate()
    partner = partner_of(user)
    if partner is None or not has_permission(user, "partners.view"):
        return Agreement.objects.none()
    return (Agreement.objects.filter(in_force_on(day), kind=AgreementKind.DATA_SHARING,
                                     partner=partner, users=user)
            .select_related("partner", "notice").order_by("reference"))


def agreement_for(user, agreement_id: int, *, on: dt.date | None = None) -> Agreement:
    found = agreements_for(user, on=on).filter(pk=agreement_id).first()
    if found is None:
        raise NotFound("No such agreement")
    return found


def _latest_sharing_consent(partner_id: int, column: str) -> Subquery:
    return Subquery(Consent.objects.filter(
        person=OuterRef("pk"), purpose=ConsentPurpose.SHARING, partner_id=partner_id)
        .order_by("-recorded_on", "-id").values(column)[:1])


def _covered(agreement: Agreement, day: dt.date) -> QuerySet[Person]:
    """The standing people the agreement's records cover (offices, categories, period),
    annotated with their latest sharing consent for the partner."""
    offices = Office.objects.filter(pk__in=agreement.offices.values("pk")).values_list("path",
                                                                                      flat=True)
    within = Q()
    for path in offices:
        within |= Q(office__path__startswith=path)
    if not offices:
        return Person.objects.none()
    people = Person.objects.filter(within, merged_into__isnull=True)
    if agreement.categories:
        people = people.filter(category__in=agreement.categories)
    if agreement.registered_from:
        people = people.filter(created_at__date__gte=agreement.registered_from)
    if agreement.registered_until:
        people = people.filter(created_at__date__lte=agreement.registered_until)
    return people.annotate(
        sharing_given=_latest_sharing_consent(agreement.partner_id, "given"),
        sharing_notice=_latest_sharing_consent(agreement.partner_id, "notice_id"),
        sharing_recorded=_latest_sharing_consent(agreement.partner_id, "recorded_on"),
    ).filter(sharing_given=True, sharing_recorded__lte=day)


def _fields_by_notice(agreement: Agreement, notice_ids) -> dict[int, tuple[str, ...]]:
    """For each notice people consented under: the agreement's fields that notice allows
    (none when it does not name the partner or the agreement's purpose)."""
    allowed: dict[int, tuple[str, ...]] = {}
    notices = PrivacyNotice.objects.filter(pk__in=[n for n in notice_ids if n is not None],
                                           partners=agreement.partner_id)
    for notice in notices:
        if agreement.purpose not in notice.purposes:
            continue
        fields = catalogue.ordered(set(agreement.fields) & set(notice.fields))
        if fields:
            allowed[notice.pk] = tuple(fields)
    return allowed


def _records(agreement: Agreement, people: QuerySet[Person], day: dt.date) -> list[SharedRecord]:
    rows = list(people.select_related("office", "place_of_origin")
                .prefetch_related("phones", "documents").order_by("pk"))
    allowed = _fields_by_notice(agreement, {p.sharing_notice for p in rows})
    return [SharedRecord(person_id=p.pk, office_id=p.office_id, fields=allowed[p.sharing_notice],
                         values={code: catalogue.FIELDS[code].read(p)
                                 for code in allowed[p.sharing_notice]})
            for p in rows if p.sharing_notice in allowed]


def union_fields(records: list[SharedRecord]) -> list[str]:
    return catalogue.ordered({code for record in records for code in record.fields})


def _audit_view(user, agreement: Agreement, records: list[SharedRecord], what: str) -> None:
    if not records:
        return
    audit_record(actor=user, action=AuditAction.VIEW, object_type=AGREEMENT_TYPE,
                 object_id=agreement.pk, summary=f"{agreement.reference}: {what}",
                 changes={"agreement": agreement.reference, "fields": union_fields(records),
                          "people": [r.person_id for r in records]},
                 offices=[r.office_id for r in records])


@transaction.atomic
def shared_people(*, user, agreement_id: int, on: dt.date | None = None,
                  audit: bool = True) -> tuple[Agreement, list[SharedRecord]]:
    """The people an agreement in force shares with `user`, each with only their fields."""
    day = on or timezone.localdate()
    agreement = agreement_for(user, agreement_id, on=day)
    records = _records(agreement, _covered(agreement, day), day)
    if audit:
        _audit_view(user, agreement, records, f"listed {len(records)} people")
    return agreement, records


@transaction.atomic
def shared_person(*, user, agreement_id: int, person_id: int,
                  on: dt.date | None = None) -> tuple[Agreement, SharedRecord]:
    day = on or timezone.localdate()
    agreement = agreement_for(user, agreement_id, on=day)
    records = _records(agreement, _covered(agreement, day).filter(pk=person_id), day)
    if not records:
        raise NotFound("No such person")
    _audit_view(user, agreement, records, "viewed a person")
    return agreement, records[0]


def _refuse(user, code: str, message: str, *, agreement_id: object, fields, fmt: str) -> None:
    """Audit a refused export (in its own transaction, which the refusal does not roll back)
    and raise it."""
    with transaction.atomic():
        audit_record(actor=user, action=AuditAction.REFUSED, object_type=AGREEMENT_TYPE,
                     object_id=str(agreement_id or "")[:20], summary=f"Export refused: {code}",
                     changes={"reason": code, "fields": sorted({str(f)[:40] for f in fields}),
                              "format": fmt})
    raise ExportRefused(code, message)


def shared_export(*, user, agreement_id: int | None, fields: list[str], fmt: str,
                  on: dt.date | None = None) -> tuple[Agreement, list[str], list[SharedRecord]]:
    """An export for a partner's user: refused with its reason (and audited) when the user's
    partner has no agreement in force, when it has expired or is not in force, or when a field
    asked for lies outside it; else the records, with the export audited under the agreement."""
    from django.utils.translation import gettext as _

    day = on or timezone.localdate()
    partner = partner_of(user)
    if partner is None or not has_permission(user, "partners.view"):
        _refuse(user, "no_partner", _("You do not belong to a partner agency."),
                agreement_id=agreement_id, fields=fields, fmt=fmt)
    mine = Agreement.objects.filter(kind=AgreementKind.DATA_SHARING, partner=partner, users=user)
    if not mine.filter(in_force_on(day)).exists():
        _refuse(user, "no_agreement", _("Your agency has no data-sharing agreement in force."),
                agreement_id=agreement_id, fields=fields, fmt=fmt)
    agreement = mine.filter(pk=agreement_id).first() if agreement_id else None
    if agreement is None:
        _refuse(user, "unknown_agreement", _("No such agreement."),
                agreement_id=agreement_id, fields=fields, fmt=fmt)
    state = agreement.state_on(day)
    if state != "in_force":
        reason = {"expired": _("The agreement expired on %(day)s.") % {"day": agreement.end},
                  "revoked": _("The agreement was revoked."),
                  "not_yet": _("The agreement is not in force before %(day)s.")
                  % {"day": agreement.start}}.get(state, _("The agreement is not in force."))
        _refuse(user, state, reason, agreement_id=agreement.pk, fields=fields, fmt=fmt)
    outside = sorted(set(fields) - set(agreement.fields))
    if outside:
        _refuse(user, "fields_outside",
                _("These fields are outside the agreement: %(fields)s.")
                % {"fields": ", ".join(outside)}, agreement_id=agreement.pk, fields=fields, fmt=fmt)
    wanted = catalogue.ordered(fields or agreement.fields)
    with transaction.atomic():
        records = _records(agreement, _covered(agreement, day), day)
        audit_exported(actor=user, object_type=AGREEMENT_TYPE, object_id=agreement.pk,
                       ids=[r.person_id for r in records], what="people",
                       offices=[r.office_id for r in records],
                       summary=f"{agreement.reference}: exported {len(records)} people",
                       details={"agreement": agreement.reference, "fields": wanted,
                                "format": fmt})
    return agreement, wanted, records


# Emergency disclosures (outside any agreement, four eyes) ---------------------------------------

def emergency_open_for(user, *, on: dt.date | None = None) -> list[EmergencyDisclosure]:
    day = on or timezone.localdate()
    partner = partner_of(user)
    if partner is None or not has_permission(user, "partners.view"):
        return []
    approved = EmergencyDisclosure.objects.filter(partner=partner, status=OverrideStatus.APPROVED,
                                                  decided_on__lte=day)
    return [d for d in approved.select_related("person") if d.open_on(day)]


@transaction.atomic
def emergency_record(*, user, disclosure_id: int,
                     on: dt.date | None = None) -> tuple[EmergencyDisclosure, SharedRecord]:
    """An approved emergency disclosure as the partner's user sees it, while it is open."""
    found = [d for d in emergency_open_for(user, on=on) if d.pk == disclosure_id]
    if not found or found[0].person.merged_into_id is not None:
        raise NotFound("No such disclosure")
    disclosure = found[0]
    person = disclosure.person
    codes = tuple(catalogue.ordered(disclosure.fields))
    record = SharedRecord(person_id=person.pk, office_id=person.office_id, fields=codes,
                          values={c: catalogue.FIELDS[c].read(person) for c in codes})
    audit_record(actor=user, action=AuditAction.VIEW, object_type="partners.emergencydisclosure",
                 object_id=disclosure.pk, office_id=person.office_id,
                 summary="Emergency disclosure viewed",
                 changes={"fields": list(codes), "people": [person.pk]},
                 offices=[person.office_id])
    return disclosure, record


# Referral packets -------------------------------------------------------------------------------

def consented_fields(*, person: Person, partner_id: int, purpose: str,
                     on: dt.date | None = None) -> tuple[str, ...]:
    """The fields `person` consented to share with the partner for `purpose`: those of the
    notice of their latest sharing consent naming the partner, when given and when the notice
    names the partner and the purpose; none otherwise. Read now, never remembered."""
    day = on or timezone.localdate()
    latest = (Consent.objects.filter(person=person, purpose=ConsentPurpose.SHARING,
                                     partner_id=partner_id, recorded_on__lte=day)
              .select_related("notice").order_by("-recorded_on", "-id").first())
    if latest is None or not latest.given or latest.notice is None:
        return ()
    notice = latest.notice
    if purpose not in notice.purposes or not notice.partners.filter(pk=partner_id).exists():
        return ()
    return tuple(catalogue.ordered(notice.fields))


def referral_packet(*, person: Person, partner_id: int) -> SharedRecord:
    codes = consented_fields(person=person, partner_id=partner_id, purpose="referral")
    return SharedRecord(person_id=person.pk, office_id=person.office_id, fields=codes,
                        values={c: catalogue.FIELDS[c].read(person) for c in codes})
