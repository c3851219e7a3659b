"""Demo: the Jordanian Ministry of Interior asks the Amman office for training in border
management; after an assessment and an expert mission, a course of three sessions certifies
officials of three institutions (certificates valid two years). For the return of qualified
nationals, a hospital needs a nurse, a candidate abroad with a case of that kind is matched and
placed some seven months ago: the 6-month follow-up is due in the work queue."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from corridor.access.models import Office, User
from corridor.cases import services as case_services
from corridor.cases.models import Case, CaseKind, CaseState
from corridor.cooperation import services
from corridor.cooperation.models import GovernmentRequest
from corridor.partners.models import Project
from corridor.registry.models import Person

PARTICIPANTS = (
    ("Khaled Mansour", "Ministry of Interior", "Border inspector", 52, 81),
    ("Layla Azzam", "Ministry of Interior", "Head of section", 61, 88),
    ("Omar Shdeifat", "Public Security Directorate", "Officer", 45, 74),
    ("Rana Obeidat", "Civil Status Department", "Registrar", 58, 79),
    ("Fadi Haddadin", "Public Security Directorate", "Officer", 40, 55),
)


@transaction.atomic
def demo_cooperation_load() -> int:
    """A training run end to end and one placement, once; returns how many requests made."""
    office = Office.objects.filter(code="CO-JOR").first()
    worker = User.objects.filter(username="caseworker.amman").first()
    if GovernmentRequest.objects.exists() or office is None or worker is None:
        return 0
    today = timezone.localdate()
    start = today - dt.timedelta(days=60)
    gov = services.request_create(actor=worker, office=office, country="JOR",
                                  institution="Ministry of Interior",
                                  subject="Training in border management and document checks",
                                  received_on=start)
    gov = services.request_assess(actor=worker, request=gov, expected_version=gov.version,
                                  assessment="Forty inspectors at three crossings need training "
                                             "in document examination.",
                                  on=start + dt.timedelta(days=7))
    gov = services.request_decide(actor=worker, request=gov, expected_version=gov.version,
                                  status="accepted")
    services.mission_create(actor=worker, request=gov,
                            terms_of_reference="Assess the crossings' procedures; propose a "
                                               "curriculum.",
                            experts="A. Lindqvist, M. Ferreira",
                            starts_on=start + dt.timedelta(days=10),
                            ends_on=start + dt.timedelta(days=14))
    course = services.course_create(actor=worker, office=office, request=gov, country="JOR",
                                    title="Examining travel documents", validity_months=24,
                                    pass_mark=60)
    sessions = [services.session_add(actor=worker, course=course,
                                     held_on=start + dt.timedelta(days=30 + 7 * n), topic=topic,
                                     place="Amman")
                for n, topic in enumerate(("Security features", "Impostors and forgeries",
                                           "Referral of vulnerable travellers"))]
    people = []
    for name, institution, position, pre, post in PARTICIPANTS:
        participant = services.participant_add(actor=worker, course=course, full_name=name,
                                               institution=institution, position=position)
        people.append(services.scores_record(actor=worker, participant=participant,
                                             expected_version=participant.version,
                                             pre_test=pre, post_test=post))
    for index, session in enumerate(sessions):
        present = [p.pk for n, p in enumerate(people) if not (n == 4 and index > 0)]
        services.attendance_record(actor=worker, session=session, participant_ids=present)
    for rating, relevance in ((5, 5), (4, 5), (4, 4)):
        services.evaluation_add(actor=worker, course=course, rating=rating, relevance=relevance)
    services.certificates_issue(actor=worker, course=course, on=sessions[-1].held_on)
    _placement(worker, office, today)
    return 1


def _placement(worker: User, office: Office, today: dt.date) -> None:
    case = (Case.objects.filter(office=office, kind=CaseKind.QUALIFIED_NATIONALS,
                                person__isnull=False)
            .exclude(state__in=[CaseState.CLOSED, CaseState.REJECTED]).order_by("id").first())
    if case is None:
        person = Person.objects.filter(office=office).order_by("id").first()
        project = Project.objects.filter(office=office).order_by("id").first()
        if person is None or project is None:
            return
        case = case_services.case_open(actor=worker, project=project, person=person,
                                       kind=CaseKind.QUALIFIED_NATIONALS,
                                       summary="Nurse abroad wishing to return.")
    need = services.need_create(actor=worker, office=office, country="JOR", occupation="2221",
                                institution="Al-Bashir Hospital", languages=["ar"],
                                years_wanted=3)
    candidate = services.candidate_register(actor=worker, person=case.person, case_id=case.pk,
                                            residing_in="DEU", returning_to="JOR",
                                            occupation="2221")
    services.placement_record(actor=worker, need=need, candidate=candidate,
                              position="Ward nurse", placed_on=today - dt.timedelta(days=175))
