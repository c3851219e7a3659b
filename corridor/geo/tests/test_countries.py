"""Country names from ISO 3166 in the reader's language, one helper for every page."""

from __future__ import annotations

import pytest
from django.utils import translation

from corridor.geo.countries import _iso3166, country_name


@pytest.mark.parametrize(("code", "en", "fr", "es"), [
    ("SYR", "Syria", "Syrie", "Siria"), ("JOR", "Jordan", "Jordanie", "Jordania"),
    ("UKR", "Ukraine", "Ukraine", "Ucrania"), ("ZZZ", "ZZZ", "ZZZ", "ZZZ")])
def test_country_names_come_from_iso_3166_in_the_active_language(code, en, fr, es):
    for lang, expected in (("en", en), ("fr", fr), ("es", es)):
        with translation.override(lang):
            assert country_name(code) == expected
    assert _iso3166("fr") is _iso3166("fr")  # read once per language
