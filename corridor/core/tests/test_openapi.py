from corridor.core.management.commands.corridor_openapi import SCHEMA_PATH, current_schema_text


def test_committed_schema_matches_the_code():
    assert SCHEMA_PATH.read_text() == current_schema_text(), (
        "docs/openapi.json drifted from the API: run `make openapi` and commit it"
    )


def test_schema_is_served(cast, client_for):
    response = client_for(cast["case_worker"]).get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert "/api/v1/people" in response.json()["paths"]


def test_the_schema_is_built_once_per_address_and_language():
    from django.utils import translation

    from config.api import api

    first = api.get_openapi_schema()
    assert api.get_openapi_schema() is first
    with translation.override("fr"):
        assert api.get_openapi_schema() is not first
