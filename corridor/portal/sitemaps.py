"""/sitemap.xml (Django's sitemaps framework): the public pages and every public item."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from corridor.portal import selectors
from corridor.portal.models import Kind


class ItemSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return selectors.public_items().only("slug", "updated_at").order_by("id")

    def location(self, item) -> str:
        return reverse("portal:item", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["portal:home", "portal:search", "portal:countries", "portal:flows",
                *[("portal:browse", kind) for kind in Kind.values]]

    def location(self, name) -> str:
        return reverse(name[0], args=[name[1]]) if isinstance(name, tuple) else reverse(name)


SITEMAPS = {"pages": PageSitemap, "items": ItemSitemap}
