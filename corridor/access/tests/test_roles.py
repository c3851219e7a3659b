"""The role table's narrow rights: a movement officer hands arrivals over to cases with
movements.handover, not with the broad cases.edit (see roles.py)."""

from __future__ import annotations

import pytest

from corridor.access.policies import can_in_office, offices_for
from corridor.access.roles import ROLE_PERMISSIONS, TOKEN_SCOPES, Role, scope_for_permission

# Who holds which of the rights a movement touches, role by role.
MATRIX = {
    # role: (movements.edit, movements.handover, cases.edit, registry.edit)
    Role.ADMINISTRATOR: (False, False, False, False),
    Role.CASE_WORKER: (False, False, True, True),
    Role.MOVEMENT_OFFICER: (True, True, False, True),
    Role.TRACING_OFFICER: (False, False, False, False),
    Role.DATA_ANALYST: (False, False, False, False),
    Role.FINANCE_OFFICER: (False, False, False, False),
    Role.GOVERNANCE_SECRETARIAT: (False, False, False, False),
    Role.PORTAL_EDITOR: (False, False, False, False),
    Role.PARTNER_VIEWER: (False, False, False, False),
}
RIGHTS = ("movements.edit", "movements.handover", "cases.edit", "registry.edit")


def test_matrix_covers_every_role():
    assert set(MATRIX) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_role_table(role):
    held = tuple(right in ROLE_PERMISSIONS[role] for right in RIGHTS)
    assert held == MATRIX[role]


@pytest.mark.parametrize("role", list(Role))
def test_scope_follows_the_table_in_own_and_other_office(role, cast, org):
    user = cast[role.value]
    for right, expected in zip(RIGHTS, MATRIX[role], strict=True):
        assert can_in_office(user, right, org.country_a.pk) is expected, right
        assert can_in_office(user, right, org.sub_a.pk) is expected, right
        assert not can_in_office(user, right, org.country_b.pk), right
        assert offices_for(user, right).exists() is expected, right


def test_a_movements_write_token_can_hand_over():
    assert "movements.handover" in TOKEN_SCOPES["movements:write"]
    assert scope_for_permission("movements.handover") == "movements:write"
