"""An office's page names its country in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.mark.parametrize(("language", "name"), [("fr", "Jordanie"), ("es", "Jordania")])
def test_the_office_page_names_its_country_in_the_readers_language(org, cast, client_for,
                                                                   language, name):
    client = client_for(cast["administrator"])
    client.cookies["corridor_language"] = language
    page = client.get(f"/offices/{org.country_a.pk}/").content.decode()
    assert f"<dd>{name} (JOR)</dd>" in page


def test_an_office_country_is_named_as_every_page_names_it(org):
    # The common name, as the flows pages say it ("Syria"), not ISO 3166's official one.
    org.country_a.country = "SYR"
    for language, name in (("en", "Syria"), ("fr", "Syrie"), ("es", "Siria")):
        with translation.override(language):
            assert org.country_a.country_name == name
