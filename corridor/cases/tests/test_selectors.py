"""Case and project selectors: always scoped."""

from __future__ import annotations

import pytest

from corridor.cases import selectors
from corridor.core.errors import NotFound, PermissionDenied
from corridor.partners import selectors as partner_selectors


def test_case_list_is_scoped_by_office(case, case_b, worker, cast):
    assert list(selectors.case_list(user=worker)) == [case]
    assert list(selectors.case_list(user=cast["outsider"])) == [case_b]
    regional = selectors.case_list(user=cast["regional_case_worker"])
    assert list(regional) == [case]


def test_case_list_filters(case, worker, second_worker):
    assert list(selectors.case_list(user=worker, state="closed")) == []
    assert list(selectors.case_list(user=worker, kind="voluntary_return")) == [case]
    assert list(selectors.case_list(user=worker, assigned_to_me=True)) == []
    assert list(selectors.case_list(user=worker, project_id=case.project_id)) == [case]


def test_case_get_out_of_scope_is_not_found(case_b, worker):
    with pytest.raises(NotFound):
        selectors.case_get_for_user(user=worker, case_id=case_b.pk)


def test_roles_without_cases_view_are_refused(cast):
    with pytest.raises(PermissionDenied):
        selectors.case_list(user=cast["data_analyst"])


def test_projects_scoped_for_analysts_and_finance(project, project_b, cast):
    assert list(partner_selectors.project_list(user=cast["finance_officer"])) == [project]
    assert list(partner_selectors.project_list(user=cast["hq_analyst"])) == [project, project_b]
    with pytest.raises(NotFound):
        partner_selectors.project_get_for_user(user=cast["finance_officer"],
                                               project_id=project_b.pk)
    with pytest.raises(PermissionDenied):
        partner_selectors.project_list(user=cast["tracing_officer"])


def test_moves_offered_follow_four_eyes(case, worker, second_worker):
    from corridor.cases.tests.conftest import move
    assert set(selectors.case_moves_for(user=worker, case=case)) == {"assessed", "rejected",
                                                                      "closed"}
    case = move(case, worker, "assessed")
    assert "approved" not in selectors.case_moves_for(user=worker, case=case)
    assert "approved" in selectors.case_moves_for(user=second_worker, case=case)
