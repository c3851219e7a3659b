"""The demo organisation: headquarters, regional, country and sub-offices, and a user per role."""

from __future__ import annotations

from dataclasses import dataclass

from corridor.access import services
from corridor.access.models import Office, OfficeKind, User
from corridor.access.roles import Role

DEMO_PASSWORD = "Corridor-demo-2026"  # noqa: S105 - printed on purpose; demo data only


@dataclass(frozen=True)
class DemoOffice:
    code: str
    name: str
    kind: str
    country: str
    parent: str | None


OFFICES = [
    DemoOffice("HQ", "Headquarters, Geneva", OfficeKind.HEADQUARTERS, "CHE", None),
    DemoOffice("RO-MENA", "Regional Office, Cairo", OfficeKind.REGIONAL, "EGY", "HQ"),
    DemoOffice("RO-EUR", "Regional Office, Vienna", OfficeKind.REGIONAL, "AUT", "HQ"),
    DemoOffice("RO-WCA", "Regional Office, Dakar", OfficeKind.REGIONAL, "SEN", "HQ"),
    DemoOffice("CO-JOR", "Country Office, Amman", OfficeKind.COUNTRY, "JOR", "RO-MENA"),
    DemoOffice("CO-IRQ", "Country Office, Baghdad", OfficeKind.COUNTRY, "IRQ", "RO-MENA"),
    DemoOffice("SO-IRQ-ERB", "Sub-Office, Erbil", OfficeKind.SUB_OFFICE, "IRQ", "CO-IRQ"),
    DemoOffice("CO-UKR", "Country Office, Kyiv", OfficeKind.COUNTRY, "UKR", "RO-EUR"),
    DemoOffice("CO-NER", "Country Office, Niamey", OfficeKind.COUNTRY, "NER", "RO-WCA"),
]

# (user name, first name, last name, role, office code)
USERS = [
    ("admin", "Ada", "Okafor", Role.ADMINISTRATOR, "HQ"),
    ("caseworker.amman", "Rania", "Haddad", Role.CASE_WORKER, "CO-JOR"),
    ("caseworker.kyiv", "Olena", "Kovalenko", Role.CASE_WORKER, "CO-UKR"),
    ("caseworker.erbil", "Karwan", "Aziz", Role.CASE_WORKER, "SO-IRQ-ERB"),
    ("caseworker.niamey", "Aïssata", "Maïga", Role.CASE_WORKER, "CO-NER"),
    # Second case workers: approving a case needs four eyes.
    ("supervisor.amman", "Hana", "Qasem", Role.CASE_WORKER, "CO-JOR"),
    ("supervisor.erbil", "Dilan", "Rashid", Role.CASE_WORKER, "SO-IRQ-ERB"),
    ("supervisor.kyiv", "Taras", "Melnyk", Role.CASE_WORKER, "CO-UKR"),
    ("supervisor.niamey", "Ousmane", "Harouna", Role.CASE_WORKER, "CO-NER"),
    ("movement.amman", "Tariq", "Nasser", Role.MOVEMENT_OFFICER, "CO-JOR"),
    ("tracing.baghdad", "Huda", "Jaber", Role.TRACING_OFFICER, "CO-IRQ"),
    ("analyst.mena", "Youssef", "Benali", Role.DATA_ANALYST, "RO-MENA"),
    ("analyst.hq", "Ingrid", "Larsen", Role.DATA_ANALYST, "HQ"),
    ("finance.hq", "Marc", "Dubois", Role.FINANCE_OFFICER, "HQ"),
    ("secretariat.hq", "Lucía", "Fernández", Role.GOVERNANCE_SECRETARIAT, "HQ"),
    ("editor.hq", "Amara", "Okafor", Role.PORTAL_EDITOR, "HQ"),
    ("partner.redcross", "Samir", "Khoury", Role.PARTNER_VIEWER, "CO-JOR"),
]


def demo_organisation_load() -> list[tuple[str, str, str]]:
    """Create what is missing; return (user name, role, office) for each demo user."""
    offices: dict[str, Office] = {}
    for spec in OFFICES:
        office = Office.objects.filter(code=spec.code).first()
        if office is None:
            office = services.office_create(
                actor=None, code=spec.code, name=spec.name, kind=spec.kind, country=spec.country,
                parent=offices.get(spec.parent) if spec.parent else None,
            )
        offices[spec.code] = office
    logins = []
    for username, first, last, role, code in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.user_create(actor=None, username=username, password=DEMO_PASSWORD,
                                        first_name=first, last_name=last,
                                        email=f"{username}@corridor.invalid")
        services.membership_grant(actor=None, user=user, office=offices[code], role=role)
        logins.append((username, str(Role(role).label), offices[code].name))
    return logins
