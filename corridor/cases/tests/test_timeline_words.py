"""The case's timeline words the reasons the services wrote in the reader's language (issue 18,
item 8): a closing's reason was shown as its code, "completed", in every language."""

from __future__ import annotations

import re

from corridor.cases.tests.conftest import move
from corridor.registry.templatetags.registry_tags import code_label


def test_the_closing_reason_is_worded_for_the_reader(client_for, worker, in_assistance):
    move(in_assistance, worker, "closed", reason="completed")
    page = client_for(worker).get(f"/cases/{in_assistance.pk}/",
                                  HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    timeline = page[page.index('class="timeline"'):]
    reasons = re.findall(r"Motif\s*:\s*([^<]+)", timeline)
    assert reasons and "completed" not in reasons
    assert any("Terminé" in reason for reason in reasons), reasons


def test_a_reason_typed_by_a_person_is_shown_as_typed(client_for, worker, case):
    move(case, worker, "rejected", reason="completed the other programme")
    page = client_for(worker).get(f"/cases/{case.pk}/").content.decode()
    assert "Reason: completed the other programme" in page


def test_codes_of_an_import_preview_are_worded():
    from django.utils import translation

    with translation.override("es"):
        assert code_label("head", "relation") != "head"
        assert code_label("refugee", "category") == "Refugiado"
    assert code_label("unknown-code", "category") == "unknown-code"


def test_the_services_refusals_are_in_the_readers_language(case, worker, project):
    """A refusal the service builds (a move not allowed, a budget exceeded) reaches a French
    reader in French, with the states named, not coded, and the money written as in French."""
    from decimal import Decimal

    import pytest
    from django.utils import translation

    from corridor.cases import services
    from corridor.core.errors import ValidationFailed

    with translation.override("fr"):
        with pytest.raises(ValidationFailed) as move_refused:
            services.case_transition(actor=worker, case=case, to="closed",
                                     expected_version=case.version, reason="completed")
        with pytest.raises(ValidationFailed) as budget_refused:
            services.assistance_plan(actor=worker, case=case, kind="shelter",
                                     planned_cost=Decimal("1000.01"))
    moved = str(move_refused.value.problems[0]["message"])
    assert "Seul un dossier en assistance" in moved, moved
    budget = str(budget_refused.value.problems[0]["message"])
    assert "1\xa0000,00 USD" in budget, budget  # French groups thousands with a no-break space
    assert "budget" in budget and "This would" not in budget
