"""Submissions edited in Kobo after they were imported: the same `meta/rootUuid`, a new `_uuid`.

Importing the edited version updates the household the first version created, through the
registry's services (each change versioned and audited, with its actor): the members' fields as
the submission now gives them (matched in order: a repeat group keeps its order when edited), the
household's address, phones not known before, and members added by the edit registered into the
household. A member the edit removed is kept (nothing is deleted by an import) and counted in the
report. Run inside the import's transaction: all of it is written, or none.
"""

from __future__ import annotations

from dataclasses import dataclass

from corridor.core.audit import audit_record, diff_fields
from corridor.core.models import AuditAction
from corridor.core.versioning import model_values, versioned_update
from corridor.fielddata.models import ImportedSubmission
from corridor.geo.models import AdminArea
from corridor.registry import services as registry_services
from corridor.registry.imports.validation import HouseholdPlan, MemberPlan
from corridor.registry.models import EDITABLE_FIELDS, Household, Person, Phone

# What an edited submission may change of a person (a file gives no aliases).
UPDATED_FIELDS = [f for f in EDITABLE_FIELDS if f not in ("aliases", "place_of_origin")]


@dataclass
class EditCounts:
    submissions: int = 0
    people_updated: int = 0
    people_added: int = 0
    people_no_longer_listed: int = 0


def _changes(person: Person, member: MemberPlan) -> dict:
    changes = {name: member.fields[name] for name in UPDATED_FIELDS
               if member.fields[name] != getattr(person, name)}
    if member.fields["place_of_origin_id"] != person.place_of_origin_id:
        place = member.fields["place_of_origin_id"]
        changes["place_of_origin"] = AdminArea.objects.get(pk=place) if place else None
    return changes


def _register(actor, household: Household, member: MemberPlan) -> None:
    fields = {name: member.fields[name] for name in UPDATED_FIELDS}
    place = member.fields["place_of_origin_id"]
    fields["place_of_origin"] = AdminArea.objects.get(pk=place) if place else None
    documents = (registry_services.DocumentInput(
        kind=member.document_kind, number=member.document_number,
        issuing_country=member.document_country, expires_on=member.document_expires_on),) \
        if member.document_kind else ()
    registry_services.person_register(
        actor=actor, office=household.office, household=household,
        phones=(member.phone,) if member.phone else (), documents=documents,
        consents=tuple(registry_services.ConsentInput(purpose=p, given=g)
                       for p, g in member.consents.items()), via="import", **fields)


def _household_address(actor, household: Household, address: str) -> None:
    if not address or address == household.address:
        return
    before = model_values(household, ["address"])
    household = versioned_update(household, expected_version=household.version,
                                 changes={"address": address})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=household,
                 summary="Address changed by an edited form submission",
                 changes=diff_fields(before, {"address": address}, personal={"address"}))


def apply_edits(*, actor, edited: list[tuple[HouseholdPlan, ImportedSubmission]]) -> EditCounts:
    counts = EditCounts()
    for plan, submission in edited:
        household = (Household.objects.select_for_update().filter(pk=submission.household_id)
                     .select_related("office").first())
        if household is None:  # the household is gone: nothing left to update
            continue
        people = list(household.members.order_by("id").prefetch_related("phones"))
        for index, member in enumerate(plan.members):
            if index >= len(people):
                _register(actor, household, member)
                counts.people_added += 1
                continue
            person = people[index]
            changes = _changes(person, member)
            if changes:
                registry_services.person_update(actor=actor, person=person,
                                                expected_version=person.version, changes=changes)
                counts.people_updated += 1
            if member.phone and member.phone not in {p.number for p in person.phones.all()}:
                Phone.objects.create(person=person, number=member.phone)
                audit_record(actor=actor, action=AuditAction.UPDATE, obj=person,
                             summary="Phone added by an edited form submission")
        counts.people_no_longer_listed += max(0, len(people) - len(plan.members))
        _household_address(actor, household, plan.address)
        ImportedSubmission.objects.filter(pk=submission.pk).update(instance_id=plan.instance_id)
        counts.submissions += 1
    return counts
