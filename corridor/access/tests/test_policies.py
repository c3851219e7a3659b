"""office_ids_for gives the same offices as offices_for, read with the memberships in one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from corridor.access.models import User
from corridor.access.policies import forget_memberships, office_ids_for, offices_for
from corridor.access.roles import ROLE_PERMISSIONS, Role


@pytest.mark.parametrize("permission", sorted({p for ps in ROLE_PERMISSIONS.values() for p in ps}))
def test_office_ids_are_the_offices_of_the_scope(cast, org, permission):
    # Two roles in two offices, one inside the other's region: subtrees overlap and differ.
    mixed = make_user("mixed", Role.TRACING_OFFICER, org.region_a)
    mixed.memberships.create(office=org.country_b, role=Role.CASE_WORKER)
    for user in [*cast.values(), User.objects.get(pk=mixed.pk)]:
        expected = sorted(offices_for(user, permission).values_list("pk", flat=True))
        assert office_ids_for(user, permission) == expected, (user.username, permission)


def test_memberships_and_subtrees_are_read_in_one_query_and_forgotten_together(cast, org):
    user = User.objects.get(pk=cast["regional_case_worker"].pk)
    with CaptureQueriesContext(connection) as queries:
        ids = office_ids_for(user, "registry.view")
        assert office_ids_for(user, "registry.view") == ids
    assert len(queries) == 1
    assert set(ids) == {org.region_a.pk, org.country_a.pk, org.country_a2.pk, org.sub_a.pk}
    user.memberships.all().delete()
    forget_memberships(user)
    assert office_ids_for(user, "registry.view") == []
