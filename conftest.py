"""The test cast: an organisation of offices, and a user for every role in one country office.

    hq ─┬─ region_a ─┬─ country_a ── sub_a     (our office is country_a)
        │            └─ country_a2
        └─ region_b ─── country_b              (the outsiders' office)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import is_verified
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.access import services as access_services
from corridor.access.models import Office, OfficeKind, User
from corridor.access.roles import Role

PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 - the test cast's password


@dataclass
class Org:
    hq: Office
    region_a: Office
    country_a: Office
    country_a2: Office
    sub_a: Office
    region_b: Office
    country_b: Office


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request in French or Spanish
    activates that language for the thread (LocaleMiddleware does not undo it), and a later test
    must not inherit it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Each test keeps its uploaded files in a folder of its own: the SQLite and PostgreSQL runs
    go side by side, and a test counting waiting files must not see another run's."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(db) -> Org:
    def office(code, kind, country, parent=None):
        return access_services.office_create(actor=None, code=code, name=f"Office {code}",
                                             kind=kind, country=country, parent=parent)

    hq = office("HQ", OfficeKind.HEADQUARTERS, "CHE")
    region_a = office("RA", OfficeKind.REGIONAL, "EGY", hq)
    country_a = office("CA", OfficeKind.COUNTRY, "JOR", region_a)
    country_a2 = office("CA2", OfficeKind.COUNTRY, "IRQ", region_a)
    sub_a = office("SA", OfficeKind.SUB_OFFICE, "JOR", country_a)
    region_b = office("RB", OfficeKind.REGIONAL, "AUT", hq)
    country_b = office("CB", OfficeKind.COUNTRY, "UKR", region_b)
    return Org(hq, region_a, country_a, country_a2, sub_a, region_b, country_b)


@functools.cache
def _password_hash() -> str:
    # Argon2 is slow by design; hash the cast's password once per run, not once per user.
    return make_password(PASSWORD)


def make_user(username: str, role: str, office: Office) -> User:
    user = access_services.user_create(actor=None, username=username, password=None,
                                       memberships=[(office, role)])
    User.objects.filter(pk=user.pk).update(password=_password_hash())
    user.refresh_from_db()
    return user


@pytest.fixture
def cast(org) -> dict[str, User]:
    """One user per role in country_a, a case worker of country_b, and staff higher up."""
    users = {role.value: make_user(f"{role.value}_a", role, org.country_a) for role in Role}
    users["outsider"] = make_user("case_worker_b", Role.CASE_WORKER, org.country_b)
    users["regional_case_worker"] = make_user("case_worker_ra", Role.CASE_WORKER, org.region_a)
    users["hq_admin"] = make_user("admin_hq", Role.ADMINISTRATOR, org.hq)
    users["hq_analyst"] = make_user("analyst_hq", Role.DATA_ANALYST, org.hq)
    return users


def verified_client(user: User) -> Client:
    """A browser session that signed in with password and TOTP code."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def enrolled(user: User) -> User:
    """`user` with a confirmed TOTP device, as a request that passed the second factor sees it
    (django-otp's middleware sets `otp_device` and `is_verified`): for services that need a
    verified actor, such as minting API tokens."""
    user.otp_device = TOTPDevice.objects.create(user=user, name="enrolled", confirmed=True)
    user.is_verified = functools.partial(is_verified, user)
    return user


@pytest.fixture
def client_for():
    return verified_client
