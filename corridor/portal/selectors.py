"""Reads of the public portal: only public items (published, live, listed), their public files and
change history, a country's page, and the public flow figures of a country (from the flows app's
public selector: published, suppressed aggregates, nothing personal)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from corridor.core.errors import NotFound
from corridor.flows.public import public_flows
from corridor.portal import kinds
from corridor.portal.models import Item, ItemFile, Kind, PublicChange, public_q


def public_items(*, kind: str = "", country: str = "", language: str = "", now=None):
    items = Item.objects.filter(public_q(now))
    if kind:
        items = items.filter(kind=kind)
    if country:
        items = items.filter(countries__country=country)
    if language:
        items = items.filter(title__has_key=language)
    return items.order_by("-date", "-id")


def item_public(slug: str) -> Item:
    item = Item.objects.filter(public_q(), slug=slug).first()
    if item is None:
        raise NotFound(slug)
    return item


def files_of(item: Item) -> list[ItemFile]:
    return list(item.files.filter(public=True).order_by("added_at", "pk"))


def file_public(file_id: int) -> ItemFile:
    stored = ItemFile.objects.filter(pk=file_id, public=True).select_related("item").first()
    if stored is None or not Item.objects.filter(public_q(), pk=stored.item_id).exists():
        raise NotFound(file_id)
    return stored


def history_of(item: Item) -> list[PublicChange]:
    return list(item.changes.all())


def countries_of(item: Item) -> list[str]:
    return list(item.countries.values_list("country", flat=True))


@dataclass
class CountryPage:
    country: str
    legislation_in_force: list[Item]
    legislation_other: list[Item]
    structures: list[Item]
    meetings: list[Item]
    publications: list[Item]
    campaigns: list[Item]
    flows: dict | None  # {"months": [...], "cells": [...]} of the flows app's published figures


def country_page(country: str, *, limit: int = 20) -> CountryPage:
    today = timezone.localdate()
    of = public_items(country=country)
    # The newest sixty: the rest is one link away (search by country and kind).
    legislation = list(of.filter(kind=Kind.LEGISLATION)[:60])
    in_force = [item for item in legislation if kinds.legal_status(item.details, today) == "in_force"]
    flows = public_flows()
    row = next((row for row in flows.countries if row["country"] == country), None)
    return CountryPage(
        country, in_force, [item for item in legislation if item not in in_force],
        list(of.filter(kind=Kind.STRUCTURE)[:limit]), list(of.filter(kind=Kind.MEETING)[:limit]),
        list(of.filter(kind=Kind.PUBLICATION)[:limit]), list(of.filter(kind=Kind.CAMPAIGN)[:limit]),
        {"months": flows.months, "cells": row["cells"]} if row else None)


def countries_with_items() -> list[tuple[str, int]]:
    from django.db.models import Count

    from corridor.portal.models import ItemCountry
    rows = (ItemCountry.objects.filter(item__in=Item.objects.filter(public_q()))
            .values("country").annotate(n=Count("id")).order_by())
    return sorted((row["country"], row["n"]) for row in rows)
