"""The public portal: reachable without signing in, in every language, with nothing personal."""

import pytest


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_home_and_public_flows_need_no_sign_in(db, client, settings, language, tmp_path):
    settings.FLOWS_STORE = tmp_path / "flows.duckdb"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    home = client.get("/")
    direction = "rtl" if language == "ar" else "ltr"
    assert home.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in home.content.decode()
    flows = client.get("/public/flows/")
    assert flows.status_code == 200
    assert "/public/flows/" in home.content.decode()
