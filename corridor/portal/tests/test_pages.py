"""The public portal: reachable without signing in, in every language, with nothing personal."""

import pytest


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_home_and_public_flows_need_no_sign_in(db, client, settings, language, tmp_path):
    settings.FLOWS_STORE = tmp_path / "flows.duckdb"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    home = client.get("/")
    assert home.status_code == 200 and f'<html lang="{language}">' in home.content.decode()
    flows = client.get("/public/flows/")
    assert flows.status_code == 200
    assert "/public/flows/" in home.content.decode()
