"""Writes to projects and partners: each checks the policy, names its actor and is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from corridor.access.models import Office
from corridor.access.policies import can_in_office, offices_for
from corridor.core.audit import audit_record, diff_fields
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.core.versioning import model_values, versioned_update
from corridor.partners import policies
from corridor.partners.models import Partner, Project

PROJECT_FIELDS = ["code", "title", "category", "office", "currency", "budget", "start", "end"]


def _check_currency(currency: str) -> None:
    import pycountry

    if pycountry.currencies.get(alpha_3=(currency or "").upper()) is None:
        raise ValidationFailed([{"field": "currency",
                                 "message": f"{currency!r} is not an ISO 4217 currency code"}])


@transaction.atomic
def project_create(*, actor, code: str, title: str, category: str, office: Office,
                   currency: str, budget: Decimal, start: dt.date, end: dt.date) -> Project:
    if not can_in_office(actor, "projects.edit", office.pk):
        raise PermissionDenied("You cannot create projects for this office.")
    _check_currency(currency)
    project = Project(code=code, title=title, category=category, office=office,
                      currency=currency.upper(), budget=budget, start=start, end=end)
    clean_or_refuse(project)
    project.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=project, summary=project.code)
    return project


@transaction.atomic
def project_update(*, actor, project: Project, expected_version: int,
                   changes: dict[str, Any]) -> Project:
    if not policies.can(actor, "view", project):
        raise NotFound("No such project")
    if not policies.can(actor, "edit", project):
        raise PermissionDenied("You cannot edit this project.")
    unknown = set(changes) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"not project fields: {sorted(unknown)}")
    if "office" in changes and not can_in_office(actor, "projects.edit", changes["office"].pk):
        raise PermissionDenied("You cannot move a project to that office.")
    if "currency" in changes:
        _check_currency(changes["currency"])
        changes = {**changes, "currency": changes["currency"].upper()}
    if "budget" in changes:
        from corridor.partners.selectors import project_money

        money = project_money(project_id=project.pk)
        if changes["budget"] < money.committed + money.spent:
            raise ValidationFailed([{"field": "budget", "message":
                                     f"The budget cannot go below what is committed and spent "
                                     f"({money.committed + money.spent} {project.currency})."}])
    before = model_values(project, list(changes))
    project = versioned_update(project, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=project,
                 changes=diff_fields(before, model_values(project, list(before))))
    return project


@transaction.atomic
def partner_create(*, actor, name: str, kind: str, acronym: str = "",
                   mandate: str = "") -> Partner:
    """Partners are shared by all offices; the demo and administrators (partners.manage)
    create them."""
    if actor is not None and not offices_for(actor, "partners.manage").exists():
        raise PermissionDenied("Your role does not include managing partners.")
    partner = Partner(name=name, acronym=acronym, kind=kind, mandate=mandate)
    clean_or_refuse(partner)
    partner.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=partner, summary=str(partner))
    return partner


@transaction.atomic
def profile_create(*, actor, partner: Partner, mapping: dict, note: str = ""):
    """A new version of the partner's exchange profile; earlier versions stay as they were."""
    from corridor.partners.exchange import mapping_problems
    from corridor.partners.models import ExchangeProfile

    if actor is not None and not offices_for(actor, "partners.manage").exists():
        raise PermissionDenied("Your role does not include managing partners.")
    problems = mapping_problems(mapping)
    if problems:
        raise ValidationFailed(problems)
    last = partner.exchange_profiles.order_by("-edition").first()
    profile = ExchangeProfile.objects.create(partner=partner, mapping=mapping, note=note,
                                             edition=(last.edition + 1) if last else 1)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=profile,
                 summary=f"{partner} v{profile.edition}")
    return profile
