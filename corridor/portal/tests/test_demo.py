"""The demo fills the portal: every kind, twenty countries and more, three languages, all marked."""

import pytest

from corridor.portal.demo import demo_portal_load
from corridor.portal.models import Item, ItemCountry, Kind, SearchEntry
from corridor.portal.search.service import Query, search

pytestmark = pytest.mark.django_db


def test_demo_items_cover_every_kind_country_and_language():
    count = demo_portal_load()
    assert count >= 300 and demo_portal_load() == 0
    assert set(Item.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert ItemCountry.objects.values("country").distinct().count() >= 20
    assert set(SearchEntry.objects.values_list("language", flat=True)) == {"en", "fr", "es"}
    assert not Item.objects.filter(is_demo=False).exists()
    marked = ("demo", "démo")
    assert all(any(word in " ".join([*i.summary.values(), *i.title.values()]).lower() for word in marked)
               for i in Item.objects.all())
    assert Item.objects.filter(kind=Kind.RESEARCHER, listed=False).exists()
    assert search(Query(q="travailleurs migrants")).total > 0
    assert search(Query(q="refugees")).total > 0
