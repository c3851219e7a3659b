"""Consolidated appeals: an appeal and its requirements by agency and sector, in US dollars
(ADR 0071). Funding is not entered here: it is the contributions that name a requirement."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.finance.models import Appeal, AppealRequirement, Sector
from corridor.finance.policies import require_edit
from corridor.finance.problems import Problems
from corridor.finance.services.money import positive_minor


def appeal_create(*, actor, code: str, title: str, year: int, launched_on: date) -> Appeal:
    require_edit(actor)
    problems = Problems()
    code = (code or "").strip()
    if not code:
        problems.add("code", "give the appeal's code")
    elif Appeal.objects.filter(code=code).exists():
        problems.add("code", f"appeal {code} is already recorded")
    if not (title or "").strip():
        problems.add("title", "give the appeal's title")
    problems.raise_if_any()
    with transaction.atomic():
        appeal = Appeal.objects.create(code=code[:30], title=title.strip()[:200], year=year,
                                       launched_on=launched_on)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=appeal,
                     summary=f"Appeal {appeal.code}")
    return appeal


def requirement_add(*, actor, appeal: Appeal, sector: str, amount, agency=None
                    ) -> AppealRequirement:
    """What one agency (None: this organisation) asks for one sector, once per appeal."""
    require_edit(actor)
    problems = Problems()
    if sector not in Sector.values:
        problems.add("sector", f"is one of {', '.join(Sector.values)}")
    minor = positive_minor(amount, "USD", "amount", problems)
    if AppealRequirement.objects.filter(appeal=appeal, agency=agency, sector=sector).exists():
        problems.add("sector", f"{agency or 'this organisation'} already has a requirement for "
                               f"{sector} in {appeal.code}")
    problems.raise_if_any()
    with transaction.atomic():
        requirement = AppealRequirement.objects.create(appeal=appeal, agency=agency,
                                                       sector=sector, amount_minor=minor)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=requirement,
                     summary=f"Requirement in {appeal.code}",
                     changes={"sector": sector, "amount": str(requirement.amount),
                              "agency": str(agency or "")})
    return requirement
