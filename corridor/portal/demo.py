"""Demo: a few hundred plausible portal items (every kind, 24 countries, English, French and
Spanish, some only in one or two languages so that the fallback shows), every one marked as demo
data (`is_demo`, and "(demo)" in its summary). Deterministic: the same items on every run, dates
relative to today. Fast: written in batches (corridor.portal.bulk)."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from corridor.geo.countries import country_name
from corridor.portal import bulk, vocab
from corridor.portal.models import Item, ItemFile, Kind

COUNTRIES = ["FRA", "ESP", "ITA", "DEU", "GRC", "MAR", "SEN", "MLI", "NER", "NGA", "ETH", "KEN",
             "EGY", "TUN", "JOR", "LBN", "TUR", "AFG", "BGD", "PHL", "MEX", "GTM", "COL", "ECU"]
LANGS = ("en", "fr", "es")
# subject: (English, French, Spanish) phrases
TOPICS = {
    "labour_migration": ("migrant workers", "travailleurs migrants", "trabajadores migrantes"),
    "refugees": ("refugees and asylum seekers", "réfugiés et demandeurs d'asile",
                 "refugiados y solicitantes de asilo"),
    "irregular_migration": ("irregular migration", "migration irrégulière", "migración irregular"),
    "trafficking": ("trafficking in persons", "traite des personnes", "trata de personas"),
    "return": ("voluntary return and reintegration", "retour volontaire et réintégration",
               "retorno voluntario y reintegración"),
    "family_reunion": ("family reunification", "regroupement familial", "reunificación familiar"),
    "remittances": ("remittances of migrants", "transferts de fonds des migrants",
                    "remesas de los migrantes"),
    "border_management": ("border management", "gestion des frontières", "gestión de fronteras"),
    "displacement": ("internally displaced persons", "personnes déplacées internes",
                     "personas desplazadas internas"),
    "climate": ("climate change and mobility", "changement climatique et mobilité",
                "cambio climático y movilidad"),
}
INSTRUMENT_WORDS = {"law": ("Law", "Loi", "Ley"), "decree": ("Decree", "Décret", "Decreto"),
                    "regulation": ("Regulation", "Règlement", "Reglamento")}
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
       b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _names(code: str) -> tuple[str, str, str]:
    names = []
    for language in LANGS:
        with translation.override(language):
            names.append(country_name(code))
    return tuple(names)


def _languages(rng: random.Random, source: str) -> tuple[str, ...]:
    roll = rng.random()
    others = [code for code in LANGS if code != source]
    if roll < 0.6:
        return (source, *others)
    if roll < 0.85:
        return (source, rng.choice(others))
    return (source,)


def _texts(langs, **by_language) -> dict:
    return {code: by_language[code] for code in langs}


class _Maker:
    def __init__(self):
        self.rng = random.Random(16)
        self.today = timezone.localdate()
        self.rows: list[dict] = []
        self.slugs: set[str] = set()

    def add(self, kind: str, source: str, data: dict, **extra) -> None:
        base = "demo-" + slugify(data["title"][source])[:80]
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        days = self.rng.randint(0, 500)
        self.rows.append({"kind": kind, "slug": slug, "source_language": source, "data": data,
                          "live_from": timezone.now() - dt.timedelta(days=days, minutes=len(self.rows)),
                          **extra})

    def summary(self, langs, en: str, fr: str, es: str) -> dict:
        return _texts(langs, en=en + " (demo)", fr=fr + " (démo)", es=es + " (demo)")


def _legislation(m: _Maker, code: str, names) -> None:
    for i, (instrument, subject) in enumerate(zip(("law", "decree", "regulation"),
                                                  m.rng.sample(list(TOPICS), 3), strict=True)):
        year = 1995 + m.rng.randint(0, 28)
        source = LANGS[(i + COUNTRIES.index(code)) % 3]
        langs = _languages(m.rng, source)
        words, topic = INSTRUMENT_WORDS[instrument], TOPICS[subject]
        versions = [{"date": f"{year}-0{m.rng.randint(1, 9)}-1{m.rng.randint(0, 9)}", "event": "enacted"}]
        if i == 1:
            versions.append({"date": f"{year + 3}-06-01", "event": "amended",
                             "note": {"en": "Amended by a later act", "fr": "Modifié par une loi ultérieure",
                                      "es": "Modificado por una ley posterior"}})
        if i == 2 and m.rng.random() < 0.5:
            versions.append({"date": f"{min(year + 5, 2024)}-12-31", "event": "repealed"})
        m.add(Kind.LEGISLATION, source, {
            "title": _texts(langs, en=f"{words[0]} on {topic[0]} ({names[0]}, {year})",
                            fr=f"{words[1]} relatif aux {topic[1]} ({names[1]}, {year})",
                            es=f"{words[2]} sobre {topic[2]} ({names[2]}, {year})"),
            "summary": m.summary(langs, f"Rules on {topic[0]} in {names[0]}.",
                                 f"Règles relatives aux {topic[1]} en {names[1]}.",
                                 f"Normas sobre {topic[2]} en {names[2]}."),
            "body": _texts(langs, en=f"<p>Article 1. This {words[0].lower()} governs {topic[0]}.</p>",
                           fr=f"<p>Article premier. Le présent texte régit les {topic[1]}.</p>",
                           es=f"<p>Artículo 1. La presente norma regula {topic[2]}.</p>"),
            "countries": [code], "subjects": [subject], "date": versions[0]["date"],
            "details": {"instrument_type": instrument, "versions": versions,
                        "source": f"https://legislation.example.org/{code.lower()}/{year}/{i}",
                        "source_name": "Official gazette (demo)"}})


def _structure(m: _Maker, code: str, names, i: int) -> None:
    source = LANGS[i % 3]
    langs = _languages(m.rng, source)
    office = [("National Migration Office", "Office national des migrations",
               "Oficina Nacional de Migraciones"),
              ("Directorate of Asylum", "Direction de l'asile", "Dirección de Asilo")][i % 2]
    m.add(Kind.STRUCTURE, source, {
        "title": _texts(langs, en=f"{office[0]} of {names[0]}", fr=f"{office[1]} ({names[1]})",
                        es=f"{office[2]} de {names[2]}"),
        "summary": m.summary(langs, "Registers, advises and coordinates.",
                             "Enregistre, conseille et coordonne.",
                             "Registra, asesora y coordina."),
        "countries": [code], "subjects": ["border_management" if i % 2 == 0 else "refugees"],
        "details": {"institution": _texts(langs, en=office[0], fr=office[1], es=office[2]),
                    "parent": {"en": "Ministry of the Interior", "fr": "Ministère de l'Intérieur",
                               "es": "Ministerio del Interior"},
                    "address": f"1 Main Street, capital of {names[0]} (demo)",
                    "email": f"contact@migration.{code.lower()}.example.org",
                    "website": f"https://migration.{code.lower()}.example.org/"}})


def _campaign(m: _Maker, code: str, names, i: int) -> None:
    source = LANGS[(i + 1) % 3]
    langs = _languages(m.rng, source)
    start = m.today - dt.timedelta(days=m.rng.randint(30, 700))
    m.add(Kind.CAMPAIGN, source, {
        "title": _texts(langs, en=f"Know the risks: irregular migration from {names[0]}",
                        fr=f"Connaître les risques : la migration irrégulière depuis {names[1]}",
                        es=f"Conocer los riesgos: la migración irregular desde {names[2]}"),
        "summary": m.summary(langs, "Realities and risks of irregular migration for intending migrants.",
                             "Réalités et risques de la migration irrégulière pour les candidats au départ.",
                             "Realidades y riesgos de la migración irregular para quienes piensan emigrar."),
        "countries": [code], "subjects": ["irregular_migration", "trafficking"],
        "date": start.isoformat(), "end_date": (start + dt.timedelta(days=120)).isoformat(),
        "details": {"target_groups": {"en": "Young people and families", "fr": "Jeunes et familles",
                                      "es": "Jóvenes y familias"},
                    "channels": ["radio", "social_media", "community"],
                    "messages": [{"text": {"en": "Check a job offer before you leave.",
                                           "fr": "Vérifiez une offre d'emploi avant de partir.",
                                           "es": "Verifique una oferta de empleo antes de partir."}},
                                 {"text": {"en": "Smugglers lie about the journey.",
                                           "fr": "Les passeurs mentent sur le voyage.",
                                           "es": "Los traficantes mienten sobre el viaje."}}],
                    "reach": [{"channel": channel, "country": code, "people": m.rng.randint(2, 90) * 1000}
                              for channel in ("radio", "social_media", "community")]}})


def _meeting(m: _Maker, i: int) -> None:
    kind = list(vocab.MEETING_TYPES)[i % 4]
    countries = m.rng.sample(COUNTRIES, 3)
    names = [_names(c) for c in countries]
    subject = list(TOPICS)[i % len(TOPICS)]
    topic = TOPICS[subject]
    start = m.today + dt.timedelta(days=m.rng.randint(-400, 200))
    source = LANGS[i % 3]
    langs = _languages(m.rng, source)
    label = {"workshop": ("Workshop", "Atelier", "Taller"), "seminar": ("Seminar", "Séminaire", "Seminario"),
             "conference": ("Conference", "Conférence", "Conferencia"),
             "regional_dialogue": ("Regional dialogue", "Dialogue régional", "Diálogo regional")}[kind]
    m.add(Kind.MEETING, source, {
        "title": _texts(langs, en=f"{label[0]} on {topic[0]}: {names[0][0]}, {names[1][0]} and {names[2][0]}",
                        fr=f"{label[1]} sur les {topic[1]} : {names[0][1]}, {names[1][1]} et {names[2][1]}",
                        es=f"{label[2]} sobre {topic[2]}: {names[0][2]}, {names[1][2]} y {names[2][2]}"),
        "summary": m.summary(langs, f"Countries of origin, transit and destination discuss {topic[0]}.",
                             f"Pays d'origine, de transit et de destination débattent des {topic[1]}.",
                             f"Países de origen, tránsito y destino debaten sobre {topic[2]}."),
        "countries": countries, "subjects": [subject], "date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=1)).isoformat(),
        "details": {"meeting_type": kind, "place": {"en": names[0][0], "fr": names[0][1], "es": names[0][2]},
                    "timetable": [{"start": f"{start}T09:00", "end": f"{start}T10:30",
                                   "title": {"en": "Opening", "fr": "Ouverture", "es": "Apertura"}},
                                  {"start": f"{start}T11:00", "end": f"{start}T13:00",
                                   "title": {"en": "National experiences", "fr": "Expériences nationales",
                                             "es": "Experiencias nacionales"}},
                                  {"start": f"{start + dt.timedelta(days=1)}T09:30",
                                   "end": f"{start + dt.timedelta(days=1)}T12:00",
                                   "title": {"en": "Conclusions", "fr": "Conclusions",
                                             "es": "Conclusiones"}}],
                    "organisations": [{"name": f"Ministry of the Interior of {names[0][0]}",
                                       "country": countries[0],
                                       "role": "receiving"},
                                      {"name": f"Ministry of Labour of {names[1][0]}",
                                       "country": countries[1],
                                       "role": "sending"},
                                      {"name": f"Border Police of {names[2][0]}", "country": countries[2],
                                       "role": "transit"},
                                      {"name": "Corridor (demo)", "role": "organiser"}]}})


AUTHORS = ["A. Benali", "M. García López", "C. Dupont", "K. Mensah", "S. Rahman", "L. Moreau",
           "J. Okafor", "P. Álvarez", "H. Yılmaz", "N. Diop"]


def _publication(m: _Maker, i: int) -> None:
    code = COUNTRIES[i % len(COUNTRIES)]
    names = _names(code)
    subject = list(TOPICS)[(i * 7) % len(TOPICS)]
    topic = TOPICS[subject]
    year = 2012 + i % 13
    source = LANGS[(i * 2) % 3]
    langs = _languages(m.rng, source)
    kind = list(vocab.PUBLICATION_TYPES)[i % 5]
    m.add(Kind.PUBLICATION, source, {
        "title": _texts(langs, en=f"{topic[0].capitalize()} in {names[0]}: evidence from {year}",
                        fr=f"Les {topic[1]} en {names[1]} : données de {year}",
                        es=f"{topic[2].capitalize()} en {names[2]}: datos de {year}"),
        "summary": m.summary(langs, f"A study of {topic[0]} and the policies that shape them.",
                             f"Une étude des {topic[1]} et des politiques qui les façonnent.",
                             f"Un estudio sobre {topic[2]} y las políticas que los configuran."),
        "countries": [code], "subjects": [subject], "date": f"{year}-{1 + i % 12:02d}-01",
        "details": {"publication_type": kind, "authors": m.rng.sample(AUTHORS, 1 + i % 3),
                    "publisher": "Corridor Research Series (demo)", "pages": str(20 + i % 80)}})


def _people_and_projects(m: _Maker) -> None:
    for i in range(20):
        code = COUNTRIES[(i * 5) % len(COUNTRIES)]
        subject = list(TOPICS)[i % len(TOPICS)]
        topic = TOPICS[subject]
        name = f"{AUTHORS[i % 10].split(' ', 1)[1]} {chr(65 + i)}. (demo)"
        m.add(Kind.RESEARCHER, "en", {
            "title": {"en": name}, "countries": [code], "subjects": [subject],
            "summary": m.summary(LANGS, f"Works on {topic[0]}.", f"Travaille sur les {topic[1]}.",
                                 f"Trabaja sobre {topic[2]}."),
            "details": {"name": name, "affiliation": f"University of {_names(code)[0]} (demo)",
                        "expertise": {"en": topic[0], "fr": topic[1], "es": topic[2]}}},
            consent=i % 5 != 0)  # one in five has not consented: never listed
        start = m.today - dt.timedelta(days=200 * (i + 1))
        langs = _languages(m.rng, LANGS[i % 3])
        m.add(Kind.PROJECT, LANGS[i % 3], {
            "title": _texts(langs, en=f"Research project on {topic[0]} ({i + 1})",
                            fr=f"Projet de recherche sur les {topic[1]} ({i + 1})",
                            es=f"Proyecto de investigación sobre {topic[2]} ({i + 1})"),
            "summary": m.summary(langs, "Fieldwork, surveys and policy dialogue.",
                                 "Terrain, enquêtes et dialogue politique.",
                                 "Trabajo de campo, encuestas y diálogo político."),
            "countries": [code, COUNTRIES[(i * 5 + 1) % len(COUNTRIES)]], "subjects": [subject],
            "date": start.isoformat(), "end_date": (start + dt.timedelta(days=730)).isoformat(),
            "details": {"funder": ["European research fund (demo)", "National science council (demo)"][i % 2],
                        "lead": f"University of {_names(code)[0]} (demo)",
                        "outputs": [{"title": {"en": "Final report", "fr": "Rapport final",
                                               "es": "Informe final"}}]}})
    for i in range(30):
        code = COUNTRIES[i % len(COUNTRIES)]
        names = _names(code)
        m.add(Kind.LINK, "en", {
            "title": {"en": f"Migration portal of {names[0]} (demo)",
                      "fr": f"Portail migration : {names[1]} (démo)",
                      "es": f"Portal de migración de {names[2]} (demo)"},
            "countries": [code], "subjects": ["statistics"],
            "details": {"url": f"https://migration-{code.lower()}.example.org/",
                        "organisation": f"Government of {names[0]}"}})


def _files(slugs: list[str]) -> None:
    # Every meeting has its agenda and concept note; the first thirty publications their text.
    meetings = Item.objects.filter(slug__in=slugs, kind=Kind.MEETING).order_by("pk")
    publications = Item.objects.filter(slug__in=slugs, kind=Kind.PUBLICATION).order_by("pk")[:30]
    items = [*meetings, *publications]
    for item in items:
        titles = ([{"en": "Agenda", "fr": "Ordre du jour", "es": "Orden del día"},
                   {"en": "Concept note", "fr": "Note conceptuelle", "es": "Nota conceptual"}]
                  if item.kind == Kind.MEETING else [{"en": "Full text", "fr": "Texte intégral",
                                                      "es": "Texto completo"}])
        for n, title in enumerate(titles):
            stored = ItemFile(item=item, title=title, language=item.source_language,
                              content_type="application/pdf", size=len(PDF), public=True,
                              sha256="demo")
            stored.file.save(f"{item.slug}-{n + 1}.pdf", ContentFile(PDF), save=False)
            stored.save()


def demo_portal_load() -> int:
    """The demo's portal items, once; returns how many were made."""
    if Item.objects.filter(is_demo=True).exists():
        return 0
    m = _Maker()
    for n, code in enumerate(COUNTRIES):
        names = _names(code)
        _legislation(m, code, names)
        _structure(m, code, names, n)
        if n % 2 == 0:
            _structure(m, code, names, n + 1)
        _campaign(m, code, names, n)
    for i in range(60):
        _meeting(m, i)
    for i in range(100):
        _publication(m, i)
    _people_and_projects(m)
    from django.contrib.auth import get_user_model
    editor = get_user_model().objects.filter(username="editor.hq").first()
    with transaction.atomic():
        count = bulk.load_published(m.rows, actor=editor, summary="Portal demo items loaded")
        _files([row["slug"] for row in m.rows])
    return count
