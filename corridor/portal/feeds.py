"""Atom feeds of new publications, meetings and legislation (Django's syndication framework):
`/public/feeds/<kind>.atom`, narrowed by `?country=` (ISO alpha-2 or alpha-3) and `?lang=`
(items holding a text in that language, shown in it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from corridor.portal import content, languages, selectors
from corridor.portal.models import Kind

FEED_KINDS = {"publications": Kind.PUBLICATION, "meetings": Kind.MEETING,
              "legislation": Kind.LEGISLATION}
SIZE = 50


class ItemFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        language = request.GET.get("lang", "")
        if language and language not in languages.codes():
            raise Http404
        with translation.override(language or translation.get_language()):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, feed: str):
        if feed not in FEED_KINDS:
            raise Http404
        code = request.GET.get("country", "")
        country = content.country_code(code) if code else ""
        if code and not country:
            raise Http404
        return {"feed": feed, "kind": FEED_KINDS[feed], "country": country,
                "lang": request.GET.get("lang", ""), "query": request.GET.urlencode()}

    def title(self, obj) -> str:
        from corridor.geo.countries import country_name
        label = str(Kind(obj["kind"]).label)
        if obj["country"]:
            return _("Corridor portal: %(kind)s, %(country)s") % {
                "kind": label, "country": country_name(obj["country"])}
        return _("Corridor portal: %(kind)s") % {"kind": label}

    def link(self, obj) -> str:
        return reverse("portal:browse", args=[obj["kind"]])

    def feed_url(self, obj) -> str:
        url = reverse("portal:feed", args=[obj["feed"]])
        return f"{url}?{obj['query']}" if obj["query"] else url

    def subtitle(self, obj) -> str:
        return _("New items, newest first.")

    def items(self, obj):
        return selectors.public_items(kind=obj["kind"], country=obj["country"],
                                      language=obj["lang"]).order_by("-live_from", "-id")[:SIZE]

    def item_title(self, item) -> str:
        return languages.pick(item.title, None, item.source_language).text

    def item_description(self, item) -> str:
        return languages.pick(item.summary, None, item.source_language).text

    def item_link(self, item) -> str:
        return reverse("portal:item", args=[item.slug])

    def item_pubdate(self, item):
        return item.live_from

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return list(item.subjects.values_list("subject", flat=True))


# Feeds of other apps' public records (issue 15: the governance app's adopted decisions and
# session documents): an app registers a source from its AppConfig.ready(), and the portal serves
# it at /public/feeds/<name>.atom without importing that app. A source answers, newest first, at
# most `limit` entries of what is public by design (never a secret ballot's votes).
@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    published: dt.datetime
    summary: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    name: str
    title: Callable[[], str]
    entries: Callable[[int], list[Entry]]
    link: str = "/"


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    if source.name in FEED_KINDS:
        raise ValueError(f"{source.name} is one of the portal's own feeds")
    SOURCES[source.name] = source


class SourceFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, feed: str):
        if feed not in SOURCES:
            raise Http404
        return SOURCES[feed]

    def title(self, obj: Source) -> str:
        return obj.title()

    def link(self, obj: Source) -> str:
        return obj.link

    def items(self, obj: Source):
        return obj.entries(SIZE)

    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_description(self, entry: Entry) -> str:
        return entry.summary

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_pubdate(self, entry: Entry):
        return entry.published

    def item_categories(self, entry: Entry):
        return list(entry.categories)


def feed_view(request, feed: str):
    """The portal's own feeds by kind, else a registered source's."""
    if feed in FEED_KINDS or feed not in SOURCES:
        return ItemFeed()(request, feed=feed)
    return SourceFeed()(request, feed=feed)
