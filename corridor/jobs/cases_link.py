"""Recording a referral on the person's case: the one place jobs meets corridor/cases, through
its selectors and services only."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from corridor.access.policies import has_permission, offices_for
from corridor.cases import selectors as case_selectors
from corridor.cases import services as case_services
from corridor.cases.models import Case, CaseState
from corridor.core.errors import NotFound, ValidationFailed
from corridor.registry.models import Person

FINAL_STATES = (CaseState.CLOSED, CaseState.REJECTED)


def case_for(*, actor, person: Person, case_id: int | None = None) -> Case | None:
    """The case to record a referral on: the one named (it must be the person's and in scope),
    else the person's most recent active case the actor may edit, else none."""
    if case_id is not None:
        try:
            case = case_selectors.case_get_for_user(user=actor, case_id=case_id, audit=False)
        except NotFound:
            raise ValidationFailed([{"field": "case", "message": "no such case"}]) from None
        if case.person_id != person.pk and not case_services.beneficiaries(case).filter(
                pk=person.pk).exists():
            raise ValidationFailed([{"field": "case", "message": "this case is not the person's"}])
        return case
    cases = open_cases_of(actor=actor, person=person)
    if len(cases) > 1:
        # Several open cases (their own and their household's, say): the user chooses; a guess
        # would record the referral, and its assistance item, on the wrong case.
        raise ValidationFailed([{"field": "case", "message": _(
            "%(person)s has %(count)d open cases (%(references)s): choose the one to record the "
            "referral on.") % {"person": person, "count": len(cases),
                               "references": ", ".join(c.reference for c in cases)}}])
    return cases[0] if cases else None


def open_cases_of(*, actor, person: Person) -> list[Case]:
    """The open cases the actor may edit that the person is assisted under: their own, and
    their household's (a member of a household case is one of its people), newest first."""
    if not has_permission(actor, "cases.edit"):
        return []
    mine = Q(person=person)
    if person.household_id:
        mine |= Q(household_id=person.household_id)
    return list(case_selectors.case_list(user=actor)
                .filter(mine, office__in=offices_for(actor, "cases.edit"))
                .exclude(state__in=FINAL_STATES).order_by("-created_at", "-id"))


def record_referral(*, actor, referral) -> int | None:
    """Plan a "job_referral" assistance item (no cost) on the referral's case; its id, or None."""
    if referral.case_id is None:
        return None
    item = case_services.assistance_plan(
        actor=actor, case=referral.case, kind="job_referral", planned_cost=Decimal("0.00"),
        description=f"Referred to {referral.vacancy}"[:255], beneficiary=referral.person)
    return item.pk
