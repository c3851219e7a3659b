"""Times shown in the zone they belong to (a leg's departure in its airport's zone), labelled with
it, in the reader's format.

Django's |date filter converts an aware time to the zone of the request (the server's, UTC)
before formatting: a leg departing 10:00 Asia/Amman was printed 07:00. This filter is not marked
`expects_localtime`, so the template engine hands it the time untouched."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def in_zone(value: dt.datetime | None, zone: str) -> str:
    if value is None:
        return ""
    local = value.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{date_format(local, 'DATETIME_FORMAT')} ({zone})"
