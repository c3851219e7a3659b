"""Writes to the registry: each checks the policy, names its actor and is audited; a household
with its members, phones, documents and consents is registered whole or not at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.models import Office
from corridor.access.policies import can_in_office
from corridor.core.audit import audit_record, diff_fields
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.core.versioning import model_values, versioned_update
from corridor.partners.models import Partner, PrivacyNotice
from corridor.registry import documents, intake, policies
from corridor.registry.models import (
    EDITABLE_FIELDS,
    Category,
    Consent,
    ConsentPurpose,
    Household,
    IdentityDocument,
    Person,
    Phone,
    Relation,
)
from corridor.registry.search import store_name_keys
from corridor.registry.signals import announce_registered


@dataclass(frozen=True)
class DocumentInput:
    kind: str
    number: str
    issuing_country: str = ""
    expires_on: dt.date | None = None


@dataclass(frozen=True)
class ConsentInput:
    purpose: str
    given: bool
    recorded_on: dt.date | None = None
    partner_id: int | None = None
    notice_id: int | None = None


@dataclass(frozen=True)
class PersonInput:
    """One person as a form, an import row or an API call gives it."""

    fields: dict[str, Any]
    phones: tuple[str, ...] = ()
    documents: tuple[DocumentInput, ...] = ()
    consents: tuple[ConsentInput, ...] = field(default_factory=tuple)


def _refuse_unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")


def _checked(fields: dict[str, Any], office: Office, *, in_household: bool = False,
             where: str = "") -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The fields through the registry's one validation of a person (intake.check_person, as
    every import row): cleaned, with the problems found."""
    plan, found = intake.check_person(fields, office_country=office.country,
                                      in_household=in_household)
    cleaned = {name: plan.fields[name] for name in fields if name in plan.fields}
    if "place_of_origin" in fields:  # the area itself, as the caller gave it
        cleaned["place_of_origin"] = fields["place_of_origin"]
    return cleaned, [{"where": where, "field": name, "message": message} if where
                     else {"field": name, "message": message} for name, message in found]


def _add_details(actor, person: Person, item: PersonInput, office: Office) -> None:
    problems = []
    checked = intake.PersonPlan(fields={})
    for raw in item.phones:
        problems += intake.check_phone(checked, raw, office.country)
    for doc in item.documents:
        problems += intake.check_document(checked, kind=doc.kind, number=doc.number,
                                          issuing_country=doc.issuing_country,
                                          expires_on=doc.expires_on)
    for number in checked.phones:
        Phone.objects.create(person=person, number=number)
    for doc in checked.documents:
        document = IdentityDocument(
            person=person, kind=doc.kind, number_encrypted=documents.encrypt(doc.number),
            number_digest=doc.digest, issuing_country=doc.issuing_country,
            expires_on=doc.expires_on)
        clean_or_refuse(document)
        document.save()
    problems = [(("phones" if name == "phone" else "documents"), message)
                for name, message in problems]
    for consent in item.consents:
        if consent.purpose not in ConsentPurpose.values:
            problems.append(("consents", _("unknown purpose %(value)r")
                             % {"value": consent.purpose}))
            continue
        if consent.partner_id is not None and not Partner.objects.filter(
                pk=consent.partner_id).exists():
            problems.append(("consents", _("unknown partner %(value)s")
                             % {"value": consent.partner_id}))
            continue
        if consent.notice_id is not None and not PrivacyNotice.objects.filter(
                pk=consent.notice_id).exists():
            problems.append(("consents", _("unknown privacy notice %(value)s")
                             % {"value": consent.notice_id}))
            continue
        Consent.objects.create(person=person, purpose=consent.purpose, given=consent.given,
                               partner_id=consent.partner_id, notice_id=consent.notice_id,
                               recorded_on=consent.recorded_on or timezone.localdate(),
                               recorded_by=actor)
    if problems:
        raise ValidationFailed([{"field": name, "message": message} for name, message in problems])


def _check_office(actor, office: Office) -> None:
    if not can_in_office(actor, "registry.edit", office.pk):
        raise PermissionDenied("You cannot register people for this office.")


@transaction.atomic
def person_register(*, actor, office: Office, household: Household | None = None,
                    phones=(), documents=(), consents=(), via: str = "form",
                    **fields: Any) -> Person:
    """Register one person (optionally into a household), with phones, documents and consents."""
    _check_office(actor, office)
    _refuse_unknown(fields)
    fields, problems = _checked(fields, office, in_household=False)
    if problems:
        raise ValidationFailed(problems)
    person = Person(office=office, household=household, registered_by=actor, **fields)
    clean_or_refuse(person)
    person.save()
    store_name_keys([person])
    _add_details(actor, person, PersonInput(fields, tuple(phones), tuple(documents),
                                            tuple(consents)), office)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=person)
    # The duplicate check (another app) hears of it once the registration has committed.
    announce_registered(actor=actor, person_ids=[person.pk], via=via)
    return person


@transaction.atomic
def household_register(*, actor, office: Office, members: list[PersonInput],
                       address: str = "", via: str = "household") -> Household:
    """A household and all its members, or nothing: the first member with relation 'head' leads."""
    _check_office(actor, office)
    problems = []
    heads = [m for m in members if m.fields.get("relation_to_head") == Relation.HEAD]
    if not members:
        problems.append({"field": "members", "message": "a household has at least one member"})
    elif len(heads) != 1:
        problems.append({"field": "relation_to_head",
                         "message": "exactly one member must be the head of household"})
    for index, member in enumerate(members, start=1):
        problems += _checked(member.fields, office, in_household=False,
                             where=f"member {index}")[1]
    if problems:
        raise ValidationFailed(problems)
    household = Household.objects.create(office=office, reference=f"pending-{timezone.now()}",
                                         address=address, registered_by=actor)
    household.reference = f"HH-{office.code}-{household.pk:06d}"
    household.save(update_fields=["reference"])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=household)
    for index, member in enumerate(members, start=1):
        try:
            person_register(actor=actor, office=office, household=household,
                            phones=member.phones, documents=member.documents,
                            consents=member.consents, via=via, **member.fields)
        except ValidationFailed as exc:
            raise ValidationFailed([{**p, "where": f"member {index}"} for p in exc.problems]) \
                from None
    return household


@transaction.atomic
def person_update(*, actor, person: Person, expected_version: int,
                  changes: dict[str, Any]) -> Person:
    if not policies.can(actor, "view", person):
        raise NotFound("No such person")
    if not policies.can(actor, "edit", person):
        raise PermissionDenied("You cannot edit this person's record.")
    _refuse_unknown(changes)
    # The record as it would stand, checked whole, as a registration is.
    merged = {**model_values(person, [f for f in EDITABLE_FIELDS if f != "place_of_origin"]),
              **changes}
    cleaned, problems = _checked(merged, person.office, in_household=False)
    if problems:
        raise ValidationFailed(problems)
    changes = {name: cleaned[name] for name in changes}
    before = model_values(person, list(changes))
    person = versioned_update(person, expected_version=expected_version, changes=changes)
    if changes.keys() & {"given_name", "family_name", "original_script_name", "aliases"}:
        store_name_keys([person])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=person,
                 changes=diff_fields(before, model_values(person, list(before)),
                                     personal=set(EDITABLE_FIELDS)))
    return person


@transaction.atomic
def document_add(*, actor, person: Person, document: DocumentInput) -> IdentityDocument:
    """A document of a registered person, checked as at registration (the one intake)."""
    if not policies.can(actor, "edit", person):
        raise NotFound("No such person")
    _add_details(actor, person, PersonInput({}, documents=(document,)), person.office)
    added = person.documents.order_by("-id").first()
    # The number is personal: the event names the kind only.
    audit_record(actor=actor, action=AuditAction.CREATE, obj=added, office_id=person.office_id,
                 summary=f"Identity document added: {added.kind}")
    return added


@transaction.atomic
def consent_record(*, actor, person: Person, consent: ConsentInput) -> Consent:
    if not policies.can(actor, "edit", person):
        raise NotFound("No such person")
    _add_details(actor, person, PersonInput({}, consents=(consent,)), person.office)
    recorded = person.consents.order_by("-id").first()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=recorded,
                 office_id=person.office_id,
                 summary=f"Consent for {consent.purpose}: {'given' if consent.given else 'refused'}")
    return recorded


@transaction.atomic
def records_follow_case(*, actor, office: Office, people: list[Person],
                        households: list[Household], reference: str) -> None:
    """Move people's records (with the records merged into them) and households to `office`,
    because the case they belong to (`reference`) was accepted there. The case transfer is the
    authority: its service checked that the actor answers for `office`, and the sending office
    offered the records; the registry records the move against both offices. Each moved record's
    version goes up, so an edit begun before the move is refused."""
    ids = [p.pk for p in people]
    for model, condition in ((Household, Q(pk__in=[h.pk for h in households])),
                             (Person, Q(pk__in=ids) | Q(merged_into_id__in=ids))):
        moving = list(model.objects.select_for_update().filter(condition)
                      .exclude(office=office).select_related("office").order_by("pk"))
        model.objects.filter(pk__in=[r.pk for r in moving]).update(
            office=office, version=F("version") + 1, updated_at=timezone.now())
        for record in moving:
            _audit_move(actor, record, record.office, office, reference)


def _audit_move(actor, record, old: Office, new: Office, reference: str) -> None:
    for office_id in (old.pk, new.pk):  # each office's trail shows the record leave or arrive
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=record, office_id=office_id,
                     summary=f"Moved {old.code} → {new.code} with case {reference}",
                     changes={"office": [old.code, new.code]})


__all__ = ["Category", "ConsentInput", "DocumentInput", "PersonInput", "consent_record",
           "household_register", "person_register", "person_update", "records_follow_case"]
