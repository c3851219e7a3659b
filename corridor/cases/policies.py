"""Who sees and works on which cases: the office scope of cases.view, cases.edit, cases.approve,
and where a case may be transferred to."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from corridor.access.models import Office, OfficeKind
from corridor.access.policies import can_in_office, offices_for
from corridor.cases.models import Case, CaseTransfer

# Offices that hold a caseload. Headquarters and regional offices supervise; they take none.
CASELOAD_KINDS = (OfficeKind.COUNTRY, OfficeKind.SUB_OFFICE)

# Who answers a transfer for the receiving office: a case worker there (or above it).
ANSWER_PERMISSIONS = ("cases.edit", "cases.approve")


def visible_to(user) -> QuerySet[Case]:
    return Case.objects.filter(office__in=offices_for(user, "cases.view"))


def can(user, action: str, case: Case) -> bool:
    """`action` is view, edit or approve."""
    return can_in_office(user, f"cases.{action}", case.office_id)


def _region_of(office: Office) -> Office:
    """The regional office above `office`; without one, the country office it is in (or itself)."""
    ids = [int(part) for part in office.path.strip("/").split("/") if part]
    above = {o.pk: o for o in Office.objects.filter(pk__in=ids)}
    chain = [above[i] for i in ids if i in above]  # from the root down to `office`
    for kind in (OfficeKind.REGIONAL, OfficeKind.COUNTRY):
        found = [o for o in chain if o.kind == kind]
        if found:
            return found[-1]
    return office


def transfer_targets(user, case: Case) -> QuerySet[Office]:
    """The offices `user` may ask to take `case` over. The rule, in one place:

    - only a user who may edit the case (cases.edit in its office) transfers it;
    - the receiving office holds a caseload (a country or sub-office), never headquarters or a
      regional office, and is not the case's own office;
    - it is under the same regional office as the case's office (a person moving on within the
      region), or within the sender's own cases.edit reach (a regional or headquarters case
      worker moves cases between the offices they supervise). Nothing else: an office of another
      region is out of a country worker's reach.
    """
    if not can(user, "edit", case):
        return Office.objects.none()
    region = _region_of(case.office)
    return (Office.objects.filter(kind__in=CASELOAD_KINDS)
            .filter(Q(path__startswith=region.path) | Q(pk__in=offices_for(user, "cases.edit")))
            .exclude(pk=case.office_id))


def answering_offices(user) -> QuerySet[Office]:
    """Offices for which `user` may accept or decline incoming transfers."""
    condition = Q()
    for permission in ANSWER_PERMISSIONS:
        condition |= Q(pk__in=offices_for(user, permission))
    return Office.objects.filter(condition)


def can_answer(user, transfer: CaseTransfer) -> bool:
    return answering_offices(user).filter(pk=transfer.to_office_id).exists()


def transfers_visible_to(user) -> QuerySet[CaseTransfer]:
    """Transfers the user may see: those sent from an office in their case scope, and those
    received by an office they answer for (which see the request, not the case)."""
    return CaseTransfer.objects.filter(
        Q(from_office__in=offices_for(user, "cases.view"))
        | Q(to_office__in=answering_offices(user)))
