"""Writes to partners' users, contacts and offices, privacy notices, agreements and emergency
disclosures. Each names its actor, checks `partners.manage` (or `partners.override`) in the
offices concerned and is audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.models import Office, User
from corridor.access.policies import can_in_office, offices_for, roles_of
from corridor.access.roles import Role
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.partners import catalogue
from corridor.partners.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    EmergencyDisclosure,
    OverrideStatus,
    Partner,
    PartnerContact,
    PartnerMember,
    PartnerOffice,
    PrivacyNotice,
    SharingPurpose,
)
from corridor.registry.models import Category, Person


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed([{"field": field, "message": message}])


def _may_manage(actor) -> None:
    """Commands and the demo (`actor=None`) write directly, as elsewhere (ADR 0002)."""
    if actor is None:
        return
    if not offices_for(actor, "partners.manage").exists():
        raise PermissionDenied(_("Your role does not include managing partners."))


@transaction.atomic
def partner_update(*, actor, partner: Partner, expected_version: int,
                   changes: dict[str, Any]) -> Partner:
    _may_manage(actor)
    unknown = set(changes) - {"name", "acronym", "kind", "mandate"}
    if unknown:
        raise ValueError(f"not partner fields: {sorted(unknown)}")
    partner = versioned_update(partner, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=partner, summary=str(partner),
                 changes={k: "changed" for k in changes})
    return partner


@transaction.atomic
def contact_add(*, actor, partner: Partner, name: str, role: str = "", email: str = "",
                phone: str = "") -> PartnerContact:
    _may_manage(actor)
    if not name.strip():
        _refuse("name", _("Give the contact's name."))
    contact = PartnerContact.objects.create(partner=partner, name=name.strip(), role=role,
                                            email=email, phone=phone)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=contact, summary=str(partner))
    return contact


@transaction.atomic
def office_add(*, actor, partner: Partner, name: str, country: str = "",
               office: Office | None = None) -> PartnerOffice:
    _may_manage(actor)
    if not name.strip():
        _refuse("name", _("Give the office's name."))
    row = PartnerOffice.objects.create(partner=partner, name=name.strip(),
                                       country=country.upper(), office=office)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, summary=str(partner))
    return row


@transaction.atomic
def member_add(*, actor, partner: Partner, user: User) -> PartnerMember:
    """`user` belongs to `partner` from now on. They must hold the partner viewer role, and
    only that role: staff of the organisation are never a partner's users."""
    _may_manage(actor)
    roles = set(roles_of(user))
    if roles != {Role.PARTNER_VIEWER}:
        _refuse("user", _("Only a user whose one role is partner viewer can belong to a partner."))
    if PartnerMember.objects.filter(user=user).exclude(partner=partner).exists():
        _refuse("user", _("This user already belongs to another partner."))
    member, _created = PartnerMember.objects.get_or_create(user=user,
                                                           defaults={"partner": partner})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=member,
                 summary=f"{user.get_username()} → {partner}")
    return member


@transaction.atomic
def notice_create(*, actor, code: str, title: str, purposes: list[str], fields: list[str],
                  partners: list[Partner], text: str = "") -> PrivacyNotice:
    """A new edition of the notice `code` (the first is 1). Editions are never changed: people
    consented under the words they were told."""
    _may_manage(actor)
    problems = []
    bad = catalogue.unknown(fields)
    if bad:
        problems.append({"field": "fields", "message": _("Unknown fields: %(f)s.")
                         % {"f": ", ".join(bad)}})
    bad_purposes = sorted(set(purposes) - set(SharingPurpose.values))
    if bad_purposes:
        problems.append({"field": "purposes", "message": _("Unknown purposes: %(p)s.")
                         % {"p": ", ".join(bad_purposes)}})
    if not code.strip():
        problems.append({"field": "code", "message": _("Give the notice a code.")})
    if problems:
        raise ValidationFailed(problems)
    last = PrivacyNotice.objects.filter(code=code).order_by("-edition").first()
    notice = PrivacyNotice.objects.create(code=code.strip(), title=title, text=text,
                                          edition=(last.edition + 1) if last else 1,
                                          purposes=sorted(set(purposes)),
                                          fields=catalogue.ordered(fields))
    notice.partners.set(partners)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=notice, summary=str(notice))
    return notice


def agreement_problems(*, kind: str, partner: Partner, notice: PrivacyNotice | None,
                       purpose: str, fields: list[str], users: list[User],
                       offices: list[Office], categories: list[str], start: dt.date,
                       end: dt.date) -> list[dict[str, str]]:
    """Why these terms cannot stand, each naming its field; empty when they can. The rule that
    matters most: an agreement never allows more than the notice people consented under."""
    problems: list[dict[str, str]] = []

    def add(name: str, message: str) -> None:
        problems.append({"field": name, "message": message})

    if start and end and end < start:
        add("end", _("The end comes before the start."))
    if not offices:
        add("offices", _("Name the offices whose records the agreement covers."))
    bad = sorted(set(categories) - set(Category.values))
    if bad:
        add("categories", _("Unknown categories: %(c)s.") % {"c": ", ".join(bad)})
    if kind == AgreementKind.COOPERATION:
        if fields or users:
            add("fields", _("A cooperation agreement shares no personal data: use a "
                            "data-sharing agreement."))
        return problems
    if purpose not in SharingPurpose.values:
        add("purpose", _("Choose the purpose of the sharing."))
    unknown = catalogue.unknown(fields)
    if unknown:
        add("fields", _("Unknown fields: %(f)s.") % {"f": ", ".join(unknown)})
    if not fields:
        add("fields", _("Name the fields that may be shared."))
    if notice is None:
        add("notice", _("Name the privacy notice the people consented under."))
    else:
        if not notice.partners.filter(pk=partner.pk).exists():
            add("notice", _("The privacy notice %(n)s does not name %(p)s.")
                % {"n": notice, "p": partner})
        if purpose and purpose not in notice.purposes:
            add("purpose", _("The privacy notice %(n)s does not allow this purpose.")
                % {"n": notice})
        beyond = catalogue.ordered(set(fields) - set(notice.fields) - set(unknown))
        if beyond:
            add("fields", _("The privacy notice %(n)s does not allow sharing: %(f)s.")
                % {"n": notice, "f": ", ".join(beyond)})
    outsiders = [u.get_username() for u in users
                 if not PartnerMember.objects.filter(user=u, partner=partner).exists()]
    if outsiders:
        add("users", _("Not users of %(p)s: %(u)s.") % {"p": partner, "u": ", ".join(outsiders)})
    return problems


def _check_offices(actor, offices: list[Office]) -> None:
    if actor is None:
        return
    if not offices_for(actor, "partners.manage").exists():
        raise PermissionDenied(_("Your role does not include managing partners."))
    for office in offices:
        if not can_in_office(actor, "partners.manage", office.pk):
            raise PermissionDenied(_("You cannot make agreements for the office %(o)s.")
                                   % {"o": office.code})


TERMS = ("title", "purpose", "legal_basis", "notice", "fields", "categories", "registered_from",
         "registered_until", "start", "end")


@transaction.atomic
def agreement_create(*, actor, partner: Partner, kind: str, reference: str, title: str,
                     start: dt.date, end: dt.date, offices: list[Office],
                     users: list[User] = (), fields: list[str] = (), purpose: str = "",
                     notice: PrivacyNotice | None = None, legal_basis: str = "",
                     categories: list[str] = (), registered_from: dt.date | None = None,
                     registered_until: dt.date | None = None) -> Agreement:
    _check_offices(actor, list(offices))
    problems = agreement_problems(kind=kind, partner=partner, notice=notice, purpose=purpose,
                                  fields=list(fields), users=list(users), offices=list(offices),
                                  categories=list(categories), start=start, end=end)
    if Agreement.objects.filter(reference=reference).exists():
        problems.append({"field": "reference", "message": _("This reference is taken.")})
    if problems:
        raise ValidationFailed(problems)
    agreement = Agreement.objects.create(
        partner=partner, kind=kind, reference=reference, title=title, purpose=purpose,
        legal_basis=legal_basis, notice=notice, fields=catalogue.ordered(fields),
        categories=sorted(set(categories)), registered_from=registered_from,
        registered_until=registered_until, start=start, end=end)
    agreement.offices.set(offices)
    agreement.users.set(users)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=agreement,
                 summary=agreement.reference,
                 changes={"fields": agreement.fields, "users": sorted(u.pk for u in users)})
    return agreement


@transaction.atomic
def agreement_amend(*, actor, agreement: Agreement, expected_version: int,
                    changes: dict[str, Any]) -> Agreement:
    """Change the terms (a new version of the text), the offices or the users; checked against
    the notice as a new agreement is. A revoked agreement stays as it ended."""
    offices = changes.pop("offices", None)
    users = changes.pop("users", None)
    unknown = set(changes) - set(TERMS)
    if unknown:
        raise ValueError(f"not agreement terms: {sorted(unknown)}")
    _check_offices(actor, list(agreement.offices.all()) + list(offices or []))
    if agreement.status == AgreementStatus.REVOKED:
        _refuse("status", _("A revoked agreement cannot be changed."))
    merged = {name: changes.get(name, getattr(agreement, name)) for name in TERMS}
    problems = agreement_problems(
        kind=agreement.kind, partner=agreement.partner, notice=merged["notice"],
        purpose=merged["purpose"], fields=list(merged["fields"]),
        users=list(users if users is not None else agreement.users.all()),
        offices=list(offices if offices is not None else agreement.offices.all()),
        categories=list(merged["categories"]), start=merged["start"], end=merged["end"])
    if problems:
        raise ValidationFailed(problems)
    if "fields" in changes:
        changes["fields"] = catalogue.ordered(changes["fields"])
    agreement = versioned_update(agreement, expected_version=expected_version,
                                 changes={**changes, "edition": agreement.edition + 1})
    if offices is not None:
        agreement.offices.set(offices)
    if users is not None:
        agreement.users.set(users)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=agreement,
                 summary=f"{agreement.reference} v{agreement.edition}",
                 changes={name: "changed" for name in [*changes, *(["offices"] if offices
                          is not None else []), *(["users"] if users is not None else [])]})
    return agreement


@transaction.atomic
def agreement_transition(*, actor, agreement: Agreement, expected_version: int, status: str,
                         reason: str = "") -> Agreement:
    """Draft → in force (signed); in force → revoked (with a reason). Expiry is not a
    transition: the end date does it."""
    _check_offices(actor, list(agreement.offices.all()))
    allowed = {AgreementStatus.DRAFT: {AgreementStatus.IN_FORCE, AgreementStatus.REVOKED},
               AgreementStatus.IN_FORCE: {AgreementStatus.REVOKED}}.get(agreement.status, set())
    if status not in allowed:
        _refuse("status", _("An agreement that is %(a)s cannot become %(b)s.")
                % {"a": agreement.get_status_display(), "b": status})
    if status == AgreementStatus.REVOKED and not reason.strip():
        _refuse("reason", _("Say why the agreement is revoked."))
    before = agreement.status
    agreement = versioned_update(agreement, expected_version=expected_version,
                                 changes={"status": status, "revoked_reason": reason.strip()})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=agreement,
                 summary=f"{agreement.reference}: {status}", changes={"status": [before, status]})
    return agreement


@transaction.atomic
def emergency_request(*, actor, partner: Partner, person: Person, fields: list[str],
                      reason: str, days: int = 3) -> EmergencyDisclosure:
    """Ask to disclose `fields` of `person` to `partner` outside any agreement: a reason is
    required, and a second person approves (emergency_decide)."""
    if not can_in_office(actor, "partners.override", person.office_id):
        raise NotFound("No such person")
    problems = []
    if not reason.strip():
        problems.append({"field": "reason", "message": _("Say why the disclosure cannot wait.")})
    bad = catalogue.unknown(fields)
    if bad or not fields:
        problems.append({"field": "fields", "message": _("Name known fields to disclose.")})
    if not 1 <= days <= 14:
        problems.append({"field": "days", "message": _("Between 1 and 14 days.")})
    if problems:
        raise ValidationFailed(problems)
    disclosure = EmergencyDisclosure.objects.create(
        partner=partner, person=person, fields=catalogue.ordered(fields), reason=reason.strip(),
        days=days, requested_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=disclosure,
                 office_id=person.office_id, summary=f"Emergency disclosure to {partner} asked",
                 changes={"fields": disclosure.fields, "people": [person.pk]})
    return disclosure


@transaction.atomic
def emergency_decide(*, actor, disclosure: EmergencyDisclosure, approve: bool,
                     expected_version: int) -> EmergencyDisclosure:
    """The second approver: another person, with partners.manage in the person's office."""
    if not can_in_office(actor, "partners.manage", disclosure.person.office_id):
        raise NotFound("No such disclosure")
    if disclosure.requested_by_id == actor.pk:
        raise PermissionDenied(_("A second person must approve: not the one who asked."))
    if disclosure.status != OverrideStatus.REQUESTED:
        _refuse("status", _("This disclosure was already decided."))
    status = OverrideStatus.APPROVED if approve else OverrideStatus.REFUSED
    disclosure = versioned_update(disclosure, expected_version=expected_version, changes={
        "status": status, "decided_by": actor, "decided_on": timezone.localdate()})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=disclosure,
                 office_id=disclosure.person.office_id,
                 summary=f"Emergency disclosure to {disclosure.partner}: {status}",
                 changes={"status": ["requested", status], "fields": disclosure.fields,
                          "people": [disclosure.person_id]})
    return disclosure
