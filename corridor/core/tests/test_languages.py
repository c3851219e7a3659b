"""Every text in English, French and Spanish; dates and numbers as each language writes them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings

from corridor.registry.models import Person
from corridor.registry.tests.factories import PersonFactory

LOCALE = Path(settings.BASE_DIR) / "corridor" / "locale"


def _entries(po_text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry of a .po file, continuation lines joined."""
    entries = []
    for block in po_text.split("\n\n"):
        fuzzy = "#, fuzzy" in block
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgid ", 1)[-1].split("msgstr")[0]))
        strs = re.split(r"msgstr(?:\[\d\])? ", block)[1:]
        for msgstr in strs:
            text = "".join(re.findall(r'"(.*)"', msgstr.split("msgid_plural")[0]))
            entries.append((msgid, text, fuzzy))
    return entries


@pytest.mark.parametrize("language", ["fr", "es"])
def test_catalogues_are_complete(language):
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    entries = [e for e in _entries(text) if e[0]]
    assert len(entries) > 100
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert missing == [], f"untranslated in {language}: {missing[:10]}"


@pytest.mark.parametrize(("language", "menu", "born", "date"), [
    ("en", "People", "Date of birth", "4 March 1990"),
    ("fr", "Personnes", "Date de naissance", "4 mars 1990"),
    ("es", "Personas", "Fecha de nacimiento", "4 de marzo de 1990"),
])
def test_pages_speak_the_chosen_language(org, cast, client_for, language, menu, born, date):
    person = PersonFactory(office=org.country_a, birth_date=dt.date(1990, 3, 4))
    client = client_for(cast["case_worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(f"/people/{person.pk}/").content.decode()
    assert f'<html lang="{language}">' in body
    assert f">{menu}</a>" in body and born in body and date in body


def test_the_switcher_sets_the_language(db, client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    assert "Iniciar sesión" in client.get("/").content.decode()


@pytest.mark.parametrize(("language", "written"), [
    ("en", "1,200"), ("fr", "1\xa0200"), ("es", "1\xa0200"),  # Django's formats: no-break space
])
def test_numbers_follow_the_language(org, cast, client_for, language, written):
    Person.objects.bulk_create([Person(office=org.country_a, given_name=f"P{i}", category="idp")
                                for i in range(1200)])
    client = client_for(cast["data_analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert f">{written}</td>" in client.get("/people/statistics/").content.decode()
