"""Every text in English, French, Spanish and Arabic; dates and numbers as each language writes them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from corridor.registry.models import Person
from corridor.registry.tests.factories import PersonFactory

LOCALE = Path(settings.BASE_DIR) / "corridor" / "locale"


@dataclass
class Entry:
    context: str
    msgid: str
    plural: str
    msgstrs: list[str]
    fuzzy: bool

    @property
    def key(self) -> str:
        return f"{self.context}\x04{self.msgid}" if self.context else self.msgid


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _string(lines: list[str], keyword: str) -> str | None:
    """The (continued) string after `keyword` in an entry's lines, unescaped; None if absent."""
    parts, on = [], False
    for line in lines:
        if line.startswith(keyword + " "):
            on, line = True, line[len(keyword) + 1:]
        elif on and not line.startswith('"'):
            break
        if on:
            parts.append(line.strip()[1:-1])
    if not on:
        return None
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), "".join(parts))


def _catalogue(language: str) -> list[Entry]:
    """The live entries of a language's django.po (obsolete ones left out), header excluded."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        msgid = _string(lines, "msgid")
        if not msgid:
            continue
        plural = _string(lines, "msgid_plural") or ""
        if plural:
            forms = [_string(lines, f"msgstr[{i}]") for i in range(8)]
            msgstrs = [form for form in forms if form is not None]
        else:
            msgstrs = [_string(lines, "msgstr") or ""]
        entries.append(Entry(_string(lines, "msgctxt") or "", msgid, plural, msgstrs,
                             any(line.startswith("#,") and "fuzzy" in line for line in lines)))
    return entries


TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdr]|%[sd]|\{[a-z_0-9]*\}|</?[a-z][^>]*>")


def test_every_language_offered_has_a_catalogue():
    assert set(TRANSLATED) >= {"fr", "es", "ar"}
    for language in TRANSLATED:
        assert (LOCALE / language / "LC_MESSAGES" / "django.po").exists(), language


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogues_are_complete(language):
    """Every msgid of the sources, in every catalogue, translated: a string added without its
    translation in one language fails here. The catalogues are read, not a list kept here, so a
    new app's strings count as soon as makemessages has extracted them."""
    entries = _catalogue(language)
    assert len(entries) > 100
    missing = [e.key for e in entries if e.fuzzy or not all(e.msgstrs)]
    assert missing == [], f"untranslated in {language}: {missing[:10]}"
    everywhere = set().union(*({e.key for e in _catalogue(other)} for other in TRANSLATED))
    absent = sorted(everywhere - {e.key for e in entries})
    assert absent == [], f"missing from the {language} catalogue (run makemessages): {absent[:10]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_and_markup(language):
    wrong = []
    for e in _catalogue(language):
        wanted = sorted(PLACEHOLDER.findall(e.msgid))
        if e.plural:
            allowed = set(wanted) | set(PLACEHOLDER.findall(e.plural))
            wrong += [e.key for form in e.msgstrs if not set(PLACEHOLDER.findall(form)) <= allowed]
        elif sorted(PLACEHOLDER.findall(e.msgstrs[0])) != wanted:
            wrong.append(e.key)
    assert wrong == [], f"{language}: placeholders or markup changed in {wrong[:10]}"


def test_arabic_plurals_have_six_forms():
    header = (LOCALE / "ar" / "LC_MESSAGES" / "django.po").read_text().split("\n\n", 1)[0]
    assert "nplurals=6;" in header and "#, fuzzy" not in header
    plurals = [e for e in _catalogue("ar") if e.plural]
    assert plurals and all(len(e.msgstrs) == 6 for e in plurals)


@pytest.mark.parametrize(("language", "menu", "born", "date"), [
    ("en", "People", "Date of birth", "4 March 1990"),
    ("fr", "Personnes", "Date de naissance", "4 mars 1990"),
    ("es", "Personas", "Fecha de nacimiento", "4 de marzo de 1990"),
    ("ar", "الأشخاص", "تاريخ الميلاد", "4 مارس 1990"),
])
def test_pages_speak_the_chosen_language(org, cast, client_for, language, menu, born, date):
    person = PersonFactory(office=org.country_a, birth_date=dt.date(1990, 3, 4))
    client = client_for(cast["case_worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(f"/people/{person.pk}/").content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert f">{menu}</a>" in body and born in body and date in body


def test_the_switcher_sets_the_language(db, client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    assert "Iniciar sesión" in client.get("/").content.decode()


@pytest.mark.parametrize(("language", "written"), [
    ("en", "1,200"), ("fr", "1\xa0200"), ("es", "1\xa0200"),  # Django's formats: no-break space
    ("ar", "1,200"),  # Western digits, comma between thousands (ADR 0094)
])
def test_numbers_follow_the_language(org, cast, client_for, language, written):
    Person.objects.bulk_create([Person(office=org.country_a, given_name=f"P{i}", category="idp")
                                for i in range(1200)])
    client = client_for(cast["data_analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert f">{written}</td>" in client.get("/people/statistics/").content.decode()
