"""Every page and API operation that shows personal data writes a view or export event naming
what it showed; every route is classified, so a new one fails here until someone says which.

The organisation is the demo's (people, cases, jobs, tracing, movements in four countries) with
the kinds the demo does not make added through the services: an attachment, a reunification
plan, a deduplication run, a planner proposal.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from config.api import api
from conftest import verified_client
from corridor.access.demo import demo_organisation_load
from corridor.access.models import Office, User
from corridor.cases import services as case_services
from corridor.cases.demo import demo_cases_load
from corridor.cases.models import Case, CaseState
from corridor.cooperation.demo import demo_cooperation_load
from corridor.cooperation.models import Certificate, Course, Placement, SkillNeed
from corridor.core.models import AuditAction, AuditEvent
from corridor.deduplication import checks
from corridor.deduplication import services as dedup
from corridor.deduplication.models import DedupCluster, DedupRun, RegistrationCheck
from corridor.jobs import services as job_services
from corridor.jobs.demo import demo_jobs_load
from corridor.jobs.models import JobReferral, SkillsProfile, Vacancy
from corridor.movements import services as movement_services
from corridor.movements.demo import demo_movements_load
from corridor.movements.models import Booking, Leg, Operation, Proposal
from corridor.partners.demo import demo_partners_load
from corridor.registry.demo import demo_people_load
from corridor.registry.models import Person
from corridor.tracing import services as tracing_services
from corridor.tracing.demo import demo_tracing_load
from corridor.tracing.models import Candidate, ReunificationPlan, TracingRequest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CASEWORKER, MOVEMENT, TRACING, ADMIN = ("caseworker.amman", "movement.amman", "tracing.baghdad",
                                        "admin")
PARTNER = "partner.redcross"  # the Red Cross's user in Amman (corridor/partners/demo.py)

# Pages that show people's names or personal fields: url name -> (who, URL arguments by the
# kind of record each is, query string, the kind of record the events must name; None: a list,
# whose events must name at least one record).
PERSONAL_PAGES: dict[str, tuple[str, dict[str, str], str, str | None]] = {
    "access:audit_list": (ADMIN, {}, "", None),
    "registry_imports:export_csv": (CASEWORKER, {}, "", None),
    "registry_imports:export_xlsx": (CASEWORKER, {}, "", None),
    "registry:person_list": (CASEWORKER, {}, "", None),
    "registry:person_detail": (CASEWORKER, {"person_id": "person"}, "", "person"),
    "registry:person_edit": (CASEWORKER, {"person_id": "person"}, "", "person"),
    "registry:document_add": (CASEWORKER, {"person_id": "person"}, "", "person"),
    "registry:consent_add": (CASEWORKER, {"person_id": "person"}, "", "person"),
    # The household with its members: the events name them (the case's person is one).
    "registry:household_detail": (CASEWORKER, {"household_id": "household"}, "", "person"),
    "cases:case_list": (CASEWORKER, {}, "", None),
    "cases:case_export_csv": (CASEWORKER, {}, "", None),
    "cases:case_export_xlsx": (CASEWORKER, {}, "", None),
    "cases:case_create": (CASEWORKER, {}, "?person={person}", "person"),
    "cases:case_detail": (CASEWORKER, {"case_id": "case"}, "", "case"),
    "cases:attachment_download": (
        CASEWORKER, {"case_id": "case", "attachment_id": "attachment"}, "", "attachment"),
    # The forms choose among the case's people (its person is one).
    "cases:assistance_add": (CASEWORKER, {"case_id": "case"}, "", "person"),
    "cases:referral_add": (CASEWORKER, {"case_id": "case"}, "", "person"),
    # The vacancy's page names the people referred to it.
    "jobs:vacancy_detail": (CASEWORKER, {"vacancy_id": "vacancy"}, "", "job_referral"),
    "jobs:vacancy_candidates": (CASEWORKER, {"vacancy_id": "vacancy"}, "", None),
    "jobs:profile_detail": (CASEWORKER, {"person_id": "profile_person"}, "", "profile"),
    "jobs:profile_edit": (CASEWORKER, {"person_id": "profile_person"}, "", "profile"),
    "jobs:referral_list": (CASEWORKER, {}, "", None),
    "jobs:referral_detail": (CASEWORKER, {"referral_id": "job_referral"}, "", "job_referral"),
    "tracing:request_list": (TRACING, {}, "", None),
    "tracing:request_detail": (TRACING, {"request_id": "tracing_request"}, "",
                               "tracing_request"),
    "tracing:request_edit": (TRACING, {"request_id": "tracing_request"}, "", "tracing_request"),
    "tracing:candidate_review": (TRACING, {"candidate_id": "candidate"}, "", "candidate"),
    "tracing:plan_create": (TRACING, {"candidate_id": "candidate"}, "", "candidate"),
    "tracing:plan_detail": (TRACING, {"plan_id": "plan"}, "", "plan"),
    "deduplication:runs": (TRACING, {}, "", "finding_person"),
    "deduplication:run": (TRACING, {"run_id": "dedup_run"}, "", None),
    "deduplication:cluster": (TRACING, {"cluster_id": "cluster"}, "", "cluster"),
    "movements:operation_detail": (MOVEMENT, {"operation_id": "operation"}, "", "operation"),
    "movements:leg_detail": (MOVEMENT, {"leg_id": "leg"}, "", "leg"),
    "movements:manifest_csv": (MOVEMENT, {"leg_id": "leg"}, "", "leg"),
    "movements:manifest_pdf": (MOVEMENT, {"leg_id": "leg"}, "", "leg"),
    # Lists the operation's candidates to tick (test_booking_page).
    "movements:booking_add": (MOVEMENT, {"leg_id": "leg"}, "", None),
    "movements:proposal_detail": (MOVEMENT, {"proposal_id": "proposal"}, "", "proposal"),
    "movements:clearance_add": (MOVEMENT, {"person_id": "traveller"}, "", "traveller"),
    "movements:permission_add": (MOVEMENT, {"person_id": "traveller"}, "", "traveller"),
    # Cooperation (ADR 0092): participants are government officials, candidates people of the
    # registry; a certificate names its holder.
    "cooperation:participants": (CASEWORKER, {"course_id": "coop_course"}, "", None),
    "cooperation:certificate": (CASEWORKER, {"certificate_id": "certificate"}, "",
                                "certificate"),
    "cooperation:certificate_pdf": (CASEWORKER, {"certificate_id": "certificate"}, "",
                                    "certificate"),
    "cooperation:need": (CASEWORKER, {"need_id": "need"}, "", "need"),
    "cooperation:candidates": (CASEWORKER, {}, "", None),
    "cooperation:placements": (CASEWORKER, {}, "", None),
    "cooperation:placement": (CASEWORKER, {"placement_id": "placement"}, "", "placement"),
    # What a partner's user sees under an agreement in force (corridor/partners/sharing.py).
    "partners:shared_list": (PARTNER, {"agreement_id": "agreement"}, "", "shared_person"),
    "partners:shared_person": (PARTNER, {"agreement_id": "agreement",
                                         "person_id": "shared_person"}, "", "shared_person"),
    "partners:shared_export_json": (PARTNER, {"agreement_id": "agreement"}, "", "shared_person"),
    "partners:shared_export_csv": (PARTNER, {"agreement_id": "agreement"}, "", "shared_person"),
    "partners:shared_export_hxl": (PARTNER, {"agreement_id": "agreement"}, "", "shared_person"),
    "partners:shared_emergency": (PARTNER, {"disclosure_id": "emergency"}, "", "emergency_person"),
    "cases:referral_packet": (PARTNER, {"referral_id": "partner_referral"}, "",
                              "partner_referral"),
    # The data protection officer's list of disclosures, and the emergency disclosures' report.
    "partners:agreement_disclosures": (ADMIN, {"agreement_id": "agreement"}, "", None),
    "partners:emergency_list": (ADMIN, {}, "", None),
}

# Reviewed: these show no personal data (forms, aggregates, vacancies, offices, projects, the
# staff directory), or only write (their services audit the write).
OTHER_PAGES = {
    "portal:home", "portal:flows", "set_language",
    "access:login", "access:logout", "access:two_factor_setup", "access:token_list",
    "access:token_revoke", "access:home", "access:waiting", "access:office_list",
    "access:office_detail", "access:office_create", "access:office_edit",
    "access:staff_list", "access:staff_create", "access:staff_detail",
    "registry_imports:start", "registry_imports:confirm", "registry_imports:result",
    "registry_imports:xlsform", "registry_imports:pcodes", "registry_imports:export",
    "registry:person_create", "registry:statistics", "registry:household_create",
    # Action forms naming the case by its reference only.
    "cases:case_transition", "cases:case_assign", "cases:case_transfer", "cases:note_add",
    "cases:attachment_add", "cases:assistance_deliver", "cases:assistance_cancel",
    "cases:referral_answer",
    # Bulk actions on ticked cases name them by reference only; saved filters keep choices.
    "cases:case_bulk", "cases:filter_save", "cases:filter_delete",
    # Projects and partners (no personal data; a partner's users are staff of an agency, and an
    # agreement names fields, not people); the referral inbox lists numbers and statuses.
    "partners:project_list", "partners:project_create", "partners:project_detail",
    "partners:project_edit", "partners:partner_list", "partners:partner_detail",
    "partners:agreement_detail", "partners:emergency_decide", "partners:operation_list",
    "partners:operation_detail", "partners:shared_home", "cases:referral_inbox",
    "cases:referral_revoke",
    # The old addresses of projects and partners: permanent redirects to the partners app.
    "cases:moved_project_list", "cases:moved_project_create", "cases:moved_project_detail",
    "cases:moved_project_edit", "cases:moved_partner_list",
    "jobs:vacancy_list", "jobs:vacancy_create", "jobs:vacancy_edit",
    "jobs:refer",
    "flows:dashboard", "flows:breakdowns", "flows:od", "flows:displaced", "flows:export",
    "flows:point_list", "flows:point_create", "flows:point_detail", "flows:import_list",
    "flows:import_template",
    "geo:import",
    "flows:import_detail", "flows:import_review", "flows:import_publish", "flows:import_send_back",
    "flows:alert_list", "flows:alert_acknowledge",
    "tracing:request_create", "tracing:request_search", "tracing:plan_book",
    "movements:operation_list", "movements:operation_create", "movements:operation_edit",
    "movements:leg_add", "movements:proposal_create", "movements:evacuation",
    "movements:leg_edit", "movements:leg_move", "movements:escort_add",
    "movements:booking_transition",
    # Role approvals name staff, not the people assisted; cancelling an import preview writes.
    "access:grant_list", "access:grant_decide", "registry_imports:cancel",
    # A transfer shows the receiving office the case's reference, kind and head count, no names
    # (ADR 0050); its views are audited all the same.
    "cases:transfer_list", "cases:transfer_accept", "cases:transfer_decline",
    "cases:transfer_cancel",
    # A task's own page, seen by its requester only: counts and stage; an import's check shows
    # the uploader the first rows of their own file (not registered records), as the preview
    # always did.
    "tasks:list", "tasks:detail", "tasks:state",
    # Finance: the ledger, member States' contributions and exchange rates; no person's data
    # (a transaction names who recorded it, a member of staff). Writes audit themselves.
    "finance:home", "finance:fund", "finance:entries", "finance:transaction", "finance:journal",
    "finance:transaction_reverse", "finance:rates", "finance:members", "finance:member",
    "finance:years", "finance:year", "finance:arrears", "finance:statement_pdf",
    "finance:statement_xlsx",
    # Governance: member States, their delegations' attendance and votes; no person assisted.
    "governance:sessions", "governance:session", "governance:vote", "governance:election",
    "governance:election_open", "governance:session_pdf", "governance:agenda",
    "governance:documents", "governance:minutes", "governance:minutes_txt", "governance:organs",
    "governance:members", "governance:specials", "governance:special", "governance:rule_sets",
    # Its public face (ADR 0082): adopted decisions, general documents, results as counts.
    "governance_public:decisions", "governance_public:session", "governance_public_feed",
    # The IATI files: public by design, projects and monthly totals only (ADR 0073).
    "iati:activities", "iati:organisation",
    # Voluntary contributions, the emergency fund and appeals (ADR 0071): donors are
    # governments, organisations and foundations; an allocation names the officer who decided.
    "finance:donors", "finance:donor", "finance:contributions", "finance:contribution",
    "finance:allocation_reverse", "finance:projects", "finance:project", "finance:emergency",
    "finance:appeals", "finance:appeal", "finance:appeal_export", "finance:fund_status",
    "finance:donor_report", "finance:budget_against_actual",
    # Cooperation: requests, missions, courses (sessions, anonymous evaluations, counts) and
    # needs name no one; the outcomes are counts. The certificate check is public by design: it
    # shows one holder's name to whoever holds the certificate's unguessable code (ADR 0092).
    "cooperation:home", "cooperation:request", "cooperation:mission_report", "cooperation:course",
    "cooperation:outcomes", "cooperation:needs", "certificates:verify",
    # The public portal: published content only; researchers listed with their consent (their
    # name and affiliation, nothing else). The editorial pages show the same content in draft
    # and write through audited services (ADR 0090).
    "portal:search", "portal:countries", "portal:country", "portal:browse", "portal:item",
    "portal:cite", "portal:calendar", "portal:file", "portal:feed", "portal:sitemap",
    "editorial:items", "editorial:new", "editorial:item", "editorial:edit", "editorial:diff",
    "editorial:translation", "editorial:file_add", "editorial:consent", "editorial:action",
    "editorial:link_check",
}

# API operations that show personal data: "METHOD path" -> (who, path arguments by kind, the
# kind the events must name; None: a list).
PERSONAL_OPERATIONS: dict[str, tuple[str, dict[str, str], str | None]] = {
    "GET /audit-events": (ADMIN, {}, None),
    "GET /people": (CASEWORKER, {}, None),
    "GET /people/{person_id}": (CASEWORKER, {"person_id": "person"}, "person"),
    "GET /households/{household_id}": (CASEWORKER, {"household_id": "household"}, "person"),
    "GET /people/export/csv": (CASEWORKER, {}, None),
    "GET /people/export/xlsx": (CASEWORKER, {}, None),
    "GET /cases": (CASEWORKER, {}, None),
    "GET /cases/{case_id}": (CASEWORKER, {"case_id": "case"}, "case"),
    "GET /cases/{case_id}/attachments/{attachment_id}": (
        CASEWORKER, {"case_id": "case", "attachment_id": "attachment"}, "attachment"),
    "GET /jobs/vacancies/{vacancy_id}/candidates": (CASEWORKER, {"vacancy_id": "vacancy"},
                                                    None),
    "GET /jobs/profiles": (CASEWORKER, {}, None),
    "GET /jobs/people/{person_id}/profile": (CASEWORKER, {"person_id": "profile_person"},
                                             "profile"),
    "GET /jobs/people/{person_id}/vacancies": (CASEWORKER, {"person_id": "profile_person"},
                                               "profile"),
    "GET /jobs/referrals": (CASEWORKER, {}, None),
    "GET /jobs/referrals/{referral_id}": (CASEWORKER, {"referral_id": "job_referral"},
                                          "job_referral"),
    "GET /tracing/requests": (TRACING, {}, None),
    "GET /tracing/requests/{request_id}": (TRACING, {"request_id": "tracing_request"},
                                           "tracing_request"),
    "GET /tracing/requests/{request_id}/candidates": (
        TRACING, {"request_id": "tracing_request"}, "tracing_request"),
    "GET /tracing/candidates/{candidate_id}": (TRACING, {"candidate_id": "candidate"},
                                               "candidate"),
    "GET /tracing/plans/{plan_id}": (TRACING, {"plan_id": "plan"}, "plan"),
    "GET /dedup/runs/{run_id}/clusters": (TRACING, {"run_id": "dedup_run"}, None),
    "GET /dedup/clusters/{cluster_id}": (TRACING, {"cluster_id": "cluster"},
                                                 "cluster"),
    "GET /dedup/people/{person_id}/possible-duplicates": (
        TRACING, {"person_id": "duplicate_person"}, None),
    "GET /movements/legs/{leg_id}/bookings": (MOVEMENT, {"leg_id": "leg"}, "leg"),
    "GET /movements/legs/{leg_id}/manifest.csv": (MOVEMENT, {"leg_id": "leg"}, "leg"),
    "GET /cooperation/courses/{course_id}/participants": (
        CASEWORKER, {"course_id": "coop_course"}, None),
    "GET /cooperation/needs/{need_id}/matches": (CASEWORKER, {"need_id": "need"}, "need"),
    "GET /cooperation/candidates": (CASEWORKER, {}, None),
    "GET /cooperation/placements/{placement_id}": (CASEWORKER, {"placement_id": "placement"},
                                                   "placement"),
    "GET /partners/shared/agreements/{agreement_id}/people": (
        PARTNER, {"agreement_id": "agreement"}, "shared_person"),
    "GET /partners/shared/agreements/{agreement_id}/people/{person_id}": (
        PARTNER, {"agreement_id": "agreement", "person_id": "shared_person"}, "shared_person"),
    "GET /partners/shared/agreements/{agreement_id}/export": (
        PARTNER, {"agreement_id": "agreement"}, "shared_person"),
    "GET /partners/shared/referrals/{referral_id}": (
        PARTNER, {"referral_id": "partner_referral"}, "partner_referral"),
    "GET /partners/agreements/{agreement_id}/disclosures": (
        ADMIN, {"agreement_id": "agreement"}, None),
}

# Reviewed: no personal data in the answer, or a write (audited by its service).
OTHER_OPERATIONS = {
    "GET /", "GET /me", "GET /offices", "GET /offices/{office_id}", "GET /statistics/people",
    "GET /people/import/xlsform", "GET /people/import/pcodes.csv",
    "GET /projects", "GET /projects/{project_id}", "GET /partners",
    "GET /partners/shared/agreements", "GET /partners/agreements/{agreement_id}",
    "GET /partners/{partner_id}/exchange-profiles", "GET /partners/operations",
    "GET /partners/operations/{operation_id}",
    "GET /jobs/skills", "GET /jobs/sectors", "GET /jobs/vacancies",
    "GET /jobs/vacancies/{vacancy_id}",
    "GET /flows/points", "GET /flows/points/{point_id}", "GET /flows/series",
    "GET /flows/breakdown", "GET /flows/od", "GET /flows/surges", "GET /flows/displaced",
    "GET /flows/alerts", "GET /flows/imports", "GET /flows/imports/{batch_id}",
    "GET /flows/imports/{batch_id}/review",
    "GET /flows/events", "GET /dedup/runs", "GET /dedup/runs/{run_id}",
    "GET /movements/operations", "GET /movements/operations/{operation_id}",
    "GET /transfers", "GET /transfers/{transfer_id}",  # no names (ADR 0050), audited anyway
    # The requester's own task and the report of their own file (as the import's answer was).
    "GET /tasks/{task_id}", "GET /people/import/tasks/{task_id}/report",
    # Finance: ledger and member States' contributions, no personal data.
    "GET /finance/currencies", "GET /finance/rates", "GET /finance/funds",
    "GET /finance/funds/{fund_id}/balances", "GET /finance/funds/{fund_id}/entries",
    "GET /finance/transactions/{transaction_id}", "GET /finance/members",
    "GET /finance/years/{year}", "GET /finance/members/{member_id}/statement",
    "GET /finance/arrears", "GET /finance/members/{member_id}/voting-rights",
    # Voluntary contributions, the emergency fund, appeals: no personal data (ADR 0071).
    "GET /finance/donors", "GET /finance/donors/{donor_id}/report", "GET /finance/contributions",
    "GET /finance/contributions/{contribution_id}", "GET /finance/projects/{project_id}/funding",
    "GET /finance/emergency/position", "GET /finance/appeals", "GET /finance/appeals/{appeal_id}",
    # Cooperation: no name in these (ADR 0092).
    "GET /cooperation/requests", "GET /cooperation/courses", "GET /cooperation/outcomes",
    "GET /cooperation/needs",
    # Governance: member States, sessions, votes, elections (who voted, never what), decisions,
    # documents, terms; a State's representatives are officials as listed in the Council's
    # published list of participants (ADR 0082).
    "GET /governance/sessions", "GET /governance/sessions/{session_id}",
    "GET /governance/sessions/{session_id}/standing", "GET /governance/votes/{vote_id}",
    "GET /governance/elections/{election_id}", "GET /governance/decisions",
    "GET /governance/documents/{path:symbol}", "GET /governance/memberships",
    # The public portal (ADR 0090): published content, no personal data.
    "GET /portal/search", "GET /portal/items/{slug}",
}


def _page_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "api":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}{pattern.name}"
    return set(walk(get_resolver().url_patterns))


def _operations() -> set[str]:
    return {f"{method} {path}" for _prefix, router in api._routers
            for path, view in router.path_operations.items()
            for operation in view.operations for method in operation.methods}


def test_every_page_and_api_operation_is_classified():
    pages = _page_names()
    assert not PERSONAL_PAGES.keys() & OTHER_PAGES
    assert pages - PERSONAL_PAGES.keys() - OTHER_PAGES == set(), "classify the new pages"
    assert (PERSONAL_PAGES.keys() | OTHER_PAGES) - pages == set(), "pages that are gone"
    operations = _operations()
    gets = {op for op in operations if op.startswith("GET ")}
    assert not PERSONAL_OPERATIONS.keys() & OTHER_OPERATIONS
    assert gets - PERSONAL_OPERATIONS.keys() - OTHER_OPERATIONS == set(), \
        "classify the new API operations"
    assert (PERSONAL_OPERATIONS.keys() | OTHER_OPERATIONS) - gets == set(), "operations gone"
    # Other methods write: each service audits its write (see the apps' service tests).


def _world(tmp_path) -> dict[str, object]:
    """The demo organisation, and a record of every kind that a page or operation names."""
    demo_organisation_load()
    demo_people_load()
    demo_cases_load()
    demo_jobs_load()
    demo_tracing_load()
    demo_movements_load()
    demo_cooperation_load()
    demo_partners_load()
    users = {u.username: u for u in User.objects.all()}
    amman = Office.objects.get(code="CO-JOR")
    case = (Case.objects.filter(office=amman, person__household__isnull=False)
            .exclude(state__in=[CaseState.CLOSED, CaseState.REJECTED]).order_by("id").first())
    worker = users[CASEWORKER]
    attachment = case_services.attachment_add(
        actor=worker, case=case, uploaded=SimpleUploadedFile("letter.pdf", PDF))
    candidate = Candidate.objects.order_by("rank", "id").first()
    tracer = users[TRACING]
    if candidate is not None:
        confirmed = tracing_services.candidate_decide(
            actor=tracer, candidate=candidate, expected_version=candidate.version, confirm=True,
            reason="documents match")
        tracing_services.plan_create(
            actor=tracer, candidate=confirmed, movement_origin="Amman",
            movement_destination="Baghdad",
            movement_date_wanted=timezone.localdate() + dt.timedelta(days=60))
    dedup.run_request(actor=tracer)
    from corridor.tracing.tests.conftest import run_worker
    run_worker()
    operation = Operation.objects.order_by("id").first()
    movement_services.proposal_create(actor=users[MOVEMENT], operation=operation,
                                      method="greedy", time_limit=2)
    leg = Leg.objects.filter(operation=operation, bookings__isnull=False).order_by("id").first()
    cluster = DedupCluster.objects.order_by("id").first()
    # The members of a cluster checked as new registrations: the queue on the runs page names them.
    checks.queue(actor=tracer, person_ids=cluster.person_ids if cluster else [])
    checks.run_pending()
    finding = RegistrationCheck.objects.exclude(matches=[]).order_by("id").first()
    vacancy = next(v for v in Vacancy.objects.filter(office=amman).order_by("id") if v.is_open)
    profile_person = (SkillsProfile.objects.filter(person__office=amman).order_by("id")
                      .first().person)
    referral = JobReferral.objects.filter(vacancy=vacancy, office=amman).order_by("id").first() or \
        job_services.referral_create(actor=worker, vacancy=vacancy, person=profile_person)
    partners = _partners_world(users, case)
    return {
        **partners,
        "users": users,
        "person": case.person,
        "household": case.person.household,
        "case": case,
        "attachment": attachment,
        "vacancy": vacancy,
        "profile_person": profile_person,
        "profile": profile_person.skills_profile,
        "job_referral": referral,
        "tracing_request": TracingRequest.objects.order_by("id").first(),
        "candidate": Candidate.objects.order_by("rank", "id").first(),
        "plan": ReunificationPlan.objects.order_by("id").first(),
        "dedup_run": DedupRun.objects.order_by("id").first(),
        "cluster": cluster,
        "finding_person": finding.person if finding else None,
        "duplicate_person": cluster.members.order_by("id").first().person if cluster else None,
        "operation": operation,
        "leg": leg,
        "proposal": Proposal.objects.order_by("id").first(),
        "traveller": Booking.objects.filter(leg=leg).order_by("id").first().person,
        "coop_course": Course.objects.order_by("id").first(),
        "certificate": Certificate.objects.order_by("id").first(),
        "need": SkillNeed.objects.order_by("id").first(),
        "placement": Placement.objects.order_by("id").first(),
    }


def _partners_world(users, case) -> dict[str, object]:
    """The demo's agreement and a consenting person it shares; an approved emergency disclosure;
    a referral of the case's person to the Red Cross."""
    from corridor.partners import services_sharing, sharing
    from corridor.partners.models import Agreement, Partner

    agreement = Agreement.objects.get(reference="DSA-ICRC-JOR-1")
    _agreement, records = sharing.shared_people(user=users[PARTNER], agreement_id=agreement.pk,
                                                audit=False)
    icrc = Partner.objects.get(acronym="ICRC")
    shared_person = Person.objects.get(pk=records[0].person_id)
    emergency = services_sharing.emergency_request(
        actor=users[CASEWORKER], partner=icrc, person=case.person, fields=["given_name"],
        reason="Medical evacuation")
    services_sharing.emergency_decide(actor=users[ADMIN], disclosure=emergency, approve=True,
                                      expected_version=emergency.version)
    referral = case_services.referral_send(actor=users[CASEWORKER], case=case,
                                           person=case.person, partner=icrc,
                                           reason="Family tracing")
    return {"agreement": agreement, "shared_person": shared_person, "emergency": emergency,
            "emergency_person": case.person, "partner_referral": referral}


# Keys under which an event names the records it showed, and their kind.
NAMED_UNDER = {"people": "registry.person", "cases": "cases.case",
               "referrals": "jobs.jobreferral", "profiles": "jobs.skillsprofile",
               "requests": "tracing.tracingrequest", "request": "tracing.tracingrequest",
               "candidate": "tracing.candidate", "clusters": "deduplication.dedupcluster",
               "cluster": "deduplication.dedupcluster", "events": "core.auditevent"}


def _names(event: AuditEvent, record) -> bool:
    """Whether the event is about `record`, or names it among the records it showed."""
    label = record._meta.label_lower
    if event.object_type == label and event.object_id == str(record.pk):
        return True
    return any(value == record.pk or (isinstance(value, list) and record.pk in value)
               for key, value in event.changes.items() if NAMED_UNDER.get(key) == label)


def _check(world, who: str, url: str, named) -> str | None:
    """None when GETting `url` as `who` answered and wrote an event naming `named`."""
    user = world["users"][who]
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = verified_client(user).get(url)
    if response.status_code != 200:
        return f"{url}: answered {response.status_code}"
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    events = list(AuditEvent.objects.filter(
        id__gt=before, actor=user, action__in=[AuditAction.VIEW, AuditAction.EXPORT]))
    if not events:
        return f"{url}: no view or export event"
    if named is None:
        if not any(e.object_id or any(isinstance(v, list) and v for v in e.changes.values())
                   for e in events):
            return f"{url}: its events name no record"
    elif not any(_names(e, named) for e in events):
        return f"{url}: no event names {named._meta.label_lower} {named.pk}"
    return None


@pytest.mark.django_db(transaction=False)
def test_every_page_and_operation_showing_personal_data_writes_an_event_naming_it(
        settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = _world(tmp_path)
    missing = sorted(kind for kind, record in world.items() if record is None)
    assert not missing, f"the world lacks a record of each kind: {missing}"
    problems = []
    for name, (who, arguments, query, named) in PERSONAL_PAGES.items():
        url = reverse(name, kwargs={arg: world[kind].pk for arg, kind in arguments.items()})
        url += query.format(person=world["person"].pk)
        problems.append(_check(world, who, url, world[named] if named else None))
    for key, (who, arguments, named) in PERSONAL_OPERATIONS.items():
        path = key.split(" ", 1)[1].format(**{arg: world[kind].pk
                                              for arg, kind in arguments.items()})
        problems.append(_check(world, who, f"/api/v1{path}", world[named] if named else None))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
