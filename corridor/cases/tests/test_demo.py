"""The demo loader builds cases of every kind through the services, once."""

from __future__ import annotations

from corridor.access.demo import demo_organisation_load
from corridor.cases.demo import demo_cases_load
from corridor.cases.models import AssistanceItem, Case, CaseKind, Referral
from corridor.partners.selectors import project_money
from corridor.registry.demo import demo_people_load


def test_demo_cases(db, settings):
    # The demo users' Argon2 hashes are slow by design and beside the point here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_organisation_load()
    demo_people_load(households_per_office=4)
    created = demo_cases_load()
    assert created == Case.objects.count() > 0
    assert set(Case.objects.values_list("kind", flat=True)) == set(CaseKind.values)
    states = set(Case.objects.values_list("state", flat=True))
    assert {"open", "closed", "rejected", "in_assistance", "approved"} <= states
    assert Case.objects.filter(household__isnull=False).exists()
    assert AssistanceItem.objects.filter(status="delivered").exists()
    assert Referral.objects.filter(status="accepted").exists()
    for case in Case.objects.filter(state="approved"):
        assert case.approved_by_id != case.assessed_by_id
    assert all(project_money(project_id=p).available >= 0
               for p in Case.objects.values_list("project_id", flat=True))
    assert demo_cases_load() == 0
