"""The tracing demo: a mother in Iraq looking for her son, who is registered in Jordan."""

from __future__ import annotations

from datetime import date

from corridor.access.models import Office, User
from corridor.registry import services as registry_services
from corridor.registry.models import Category, ConsentPurpose, DatePrecision, Person, Sex
from corridor.tracing import services
from corridor.tracing.models import Cause, Kinship, TracingRequest

ENQUIRER = "Fatima Al-Hassan"


def _son(office: Office) -> Person | None:
    found = Person.objects.filter(office=office, given_name="Muhamad", family_name="Alhasan",
                                  birth_date=date(2006, 4, 3)).first()
    if found is not None:
        return found
    actor = User.objects.filter(memberships__office=office,
                                memberships__role="case_worker").first()
    if actor is None:
        return None
    return registry_services.person_register(
        actor=actor, office=office, given_name="Muhamad", family_name="Alhasan",
        original_script_name="محمد الحسن", sex=Sex.MALE, birth_date=date(2006, 4, 3),
        birth_date_precision=DatePrecision.EXACT, nationality="SYR",
        category=Category.REFUGEE, consents=[
            registry_services.ConsentInput(purpose=ConsentPurpose.ASSISTANCE, given=True),
            registry_services.ConsentInput(purpose=ConsentPurpose.TRACING, given=True)])


def demo_tracing_load() -> int:
    """Create the demo request (when none exists) and search the registry; return how many
    requests were created (0 when the demo was loaded before)."""
    baghdad = Office.objects.filter(code="CO-IRQ").first()
    amman = Office.objects.filter(code="CO-JOR").first()
    officer = User.objects.filter(username="tracing.baghdad").first()
    if baghdad is None or amman is None or officer is None:
        return 0
    if TracingRequest.objects.filter(office=baghdad, enquirer_name=ENQUIRER).exists():
        return 0
    if _son(amman) is None:
        return 0
    request = services.request_create(
        actor=officer, office=baghdad, cause=Cause.CONFLICT, enquirer_name=ENQUIRER,
        enquirer_contact="+964 750 123 4567", enquirer_consent=True,
        notes="Separated at a checkpoint near Mosul; she heard he crossed into Jordan.",
        sought=[services.SoughtInput(fields={
            "relation": Kinship.CHILD, "given_name": "Mohammed", "family_name": "Al-Hassan",
            "original_script_name": "محمد الحسن", "sex": Sex.MALE, "birth_year": 2006,
            "mother_name": ENQUIRER, "nationality": "SYR", "place_of_origin": "Mosul",
            "last_seen_place": "Mosul", "last_seen_on": date(2017, 6, 20)})])
    services.request_search(actor=officer, request=request)
    return 1
