"""Demo cases: projects per country office, partner agencies, and cases of every kind in every
state, with assistance and referrals, made through the services so the timeline and audit trail
read as if case workers had done the work."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.db import transaction

from corridor.access import services as access_services
from corridor.access.models import Office, User
from corridor.access.roles import Role
from corridor.cases import services
from corridor.cases.models import AssistanceKind, Case, CaseKind
from corridor.partners import services as partner_services
from corridor.partners.models import Partner, PartnerKind, ProgrammeCategory, Project
from corridor.registry.models import Person

PARTNERS = [
    ("Office of the United Nations High Commissioner for Refugees", "UNHCR",
     PartnerKind.UN_AGENCY),
    ("International Committee of the Red Cross", "ICRC", PartnerKind.RED_CROSS),
    ("International Federation of Red Cross and Red Crescent Societies", "IFRC",
     PartnerKind.RED_CROSS),
    ("United Nations Children's Fund", "UNICEF", PartnerKind.UN_AGENCY),
    ("International Labour Organization", "ILO", PartnerKind.UN_AGENCY),
    ("Tamkeen Fields for Aid", "Tamkeen", PartnerKind.NGO),
]

# Office code → (office whose people the cases are for, case worker, second worker who approves)
OFFICES = {
    "CO-JOR": ("CO-JOR", "caseworker.amman", "supervisor.amman"),
    "CO-IRQ": ("SO-IRQ-ERB", "caseworker.erbil", "supervisor.erbil"),
    "CO-UKR": ("CO-UKR", "caseworker.kyiv", "supervisor.kyiv"),
    "CO-NER": ("CO-NER", "caseworker.niamey", "supervisor.niamey"),
}

# (code suffix, title, category, currency, budget)
PROJECTS = [
    ("AVRR", "Assisted voluntary return and reintegration", ProgrammeCategory.HUMANITARIAN,
     "USD", "450000.00"),
    ("MIDEV", "Diaspora skills for development", ProgrammeCategory.DEVELOPMENT, "EUR",
     "180000.00"),
    ("CAP", "Border management capacity building", ProgrammeCategory.TECHNICAL_COOPERATION,
     "USD", "120000.00"),
    ("INFO", "Information campaign on the risks of irregular migration",
     ProgrammeCategory.DEBATE_RESEARCH, "EUR", "60000.00"),
]

CASES_PER_OFFICE = 12

# What happens to each case, cycling: the state it ends in.
SCENARIOS = ["open", "assessed", "approved", "in_assistance", "closed_completed", "rejected",
             "closed_withdrawn", "in_assistance", "closed_completed"]

ASSISTANCE_BY_KIND = {
    CaseKind.VOLUNTARY_RETURN: [AssistanceKind.TRANSPORT, AssistanceKind.REINTEGRATION_GRANT],
    CaseKind.RESETTLEMENT: [AssistanceKind.MEDICAL, AssistanceKind.TRANSPORT],
    CaseKind.FAMILY_REUNION: [AssistanceKind.TRANSPORT, AssistanceKind.SHELTER],
    CaseKind.IDP_ASSISTANCE: [AssistanceKind.SHELTER, AssistanceKind.MATERIAL_RELIEF],
    CaseKind.DEMOBILISATION: [AssistanceKind.TRAINING, AssistanceKind.MICRO_PROJECT],
    CaseKind.REFUGEE_REPATRIATION: [AssistanceKind.TRANSPORT, AssistanceKind.MATERIAL_RELIEF],
    CaseKind.EVACUATION: [AssistanceKind.MEDICAL, AssistanceKind.TRANSPORT],
    CaseKind.QUALIFIED_NATIONALS: [AssistanceKind.JOB_REFERRAL, AssistanceKind.TRANSPORT],
    CaseKind.COUNTER_TRAFFICKING: [AssistanceKind.SHELTER, AssistanceKind.MEDICAL],
}


def _partners() -> list[Partner]:
    partners = []
    for name, acronym, kind in PARTNERS:
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            partner = partner_services.partner_create(actor=None, name=name, acronym=acronym,
                                                      kind=kind)
        partners.append(partner)
    return partners


def _supervisor(username: str, office: Office) -> User:
    """A second case worker per office, so that approvals can respect four eyes."""
    from corridor.access.demo import DEMO_PASSWORD

    user = User.objects.filter(username=username).first()
    if user is None:
        user = access_services.user_create(actor=None, username=username, password=DEMO_PASSWORD,
                                           email=f"{username}@corridor.invalid")
    access_services.membership_grant(actor=None, user=user, office=office,
                                     role=Role.CASE_WORKER)
    return user


def _projects(office: Office, finance: User) -> list[Project]:
    projects = []
    for suffix, title, category, currency, budget in PROJECTS:
        code = f"{office.code}-{suffix}"
        project = Project.objects.filter(code=code).first()
        if project is None:
            project = partner_services.project_create(
                actor=finance, code=code, title=title, category=category, office=office,
                currency=currency, budget=Decimal(budget), start=dt.date(dt.date.today().year, 1, 1),
                end=dt.date(dt.date.today().year + 1, 12, 31))
        projects.append(project)
    return projects


def _move(case: Case, actor: User, to: str, **extra) -> Case:
    case.refresh_from_db()
    return services.case_transition(actor=actor, case=case, to=to,
                                    expected_version=case.version, **extra)


def _play(case: Case, scenario: str, worker: User, supervisor: User, partners: list[Partner],
          index: int) -> None:
    person = case.person or case.household.members.order_by("id").first()
    first, second = ASSISTANCE_BY_KIND[case.kind]
    services.note_add(actor=worker, case=case, text="First interview held; needs recorded.")
    items = [services.assistance_plan(actor=worker, case=case, kind=first,
                                      planned_cost=Decimal(350 + 25 * index), beneficiary=person),
             services.assistance_plan(actor=worker, case=case, kind=second,
                                      planned_cost=Decimal(900 + 50 * index))]
    if index % 2 == 0:
        partner = partners[index % len(partners)]
        referral = services.referral_send(actor=worker, case=case, person=person,
                                          partner=partner,
                                          reason="Specialised support beyond our mandate.")
        if index % 4 == 0:
            services.referral_answer(actor=worker, referral=referral, status="accepted",
                                     answer="Appointment offered.", expected_version=1)
    if scenario == "open":
        return
    if scenario == "closed_withdrawn":
        services.assistance_cancel(actor=worker, item=items[1], reason="No longer needed",
                                   expected_version=1)
        # The rest of the plan and any referral are cancelled with the case.
        _move(case, worker, "closed", reason="withdrawn", note="The family chose to stay.",
              open_work="cancel")
        return
    _move(case, worker, "assessed")
    if scenario == "assessed":
        return
    if scenario == "rejected":
        services.assistance_cancel(actor=worker, item=items[0], reason="Case rejected",
                                   expected_version=1)
        services.assistance_cancel(actor=worker, item=items[1], reason="Case rejected",
                                   expected_version=1)
        _move(case, supervisor, "rejected", reason="Does not meet the project's criteria.")
        return
    _move(case, supervisor, "approved")
    if scenario == "approved":
        return
    case = _move(case, worker, "in_assistance")
    items[0].case = case
    services.assistance_deliver(actor=worker, item=items[0], expected_version=1,
                                actual_cost=items[0].planned_cost - Decimal("12.50"))
    if scenario == "closed_completed":
        items[1].case = case
        services.assistance_deliver(actor=worker, item=items[1], expected_version=1,
                                    actual_cost=items[1].planned_cost)
        for referral in case.referrals.filter(status__in=["sent", "accepted"]):
            if referral.status == "sent":
                referral = services.referral_answer(actor=worker, referral=referral,
                                                    status="accepted", answer="Seen.",
                                                    expected_version=referral.version)
            services.referral_answer(actor=worker, referral=referral, status="completed",
                                     answer="Support given.", expected_version=referral.version)
        _move(case, worker, "closed", reason="completed")


@transaction.atomic
def demo_cases_load() -> int:
    """When no case exists yet, create projects, partners and cases; return how many cases."""
    if Case.objects.exists():
        return 0
    partners = _partners()
    finance = User.objects.filter(username="finance.hq").first()
    created = 0
    for office_code, (people_office_code, worker_name, supervisor_name) in OFFICES.items():
        office = Office.objects.filter(code=office_code).first()
        people_office = Office.objects.filter(code=people_office_code).first()
        worker = User.objects.filter(username=worker_name).first()
        if None in (office, people_office, worker, finance):
            continue
        supervisor = _supervisor(supervisor_name, people_office)
        projects = _projects(office, finance)
        people = list(Person.objects.filter(office=people_office).order_by("id")[:CASES_PER_OFFICE])
        if not people:
            continue
        kinds = itertools.cycle(CaseKind.values)
        for index, person in enumerate(people):
            # Every fifth case is for the whole household the person belongs to.
            household = person.household if index % 5 == 4 and person.household_id else None
            case = services.case_open(actor=worker, project=projects[index % 2],
                                      kind=next(kinds), person=None if household else person,
                                      household=household, summary="Demo case.")
            if index % 3 == 0:
                case = services.case_assign(actor=worker, case=case, assignee=worker,
                                            expected_version=case.version)
            _play(case, SCENARIOS[index % len(SCENARIOS)], worker, supervisor, partners, index)
            created += 1
    return created
