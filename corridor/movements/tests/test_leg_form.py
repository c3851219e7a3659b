"""The leg form presets no time zone (it preset the first of the list, Africa/Abidjan, which a
hurried officer saved unnoticed) and offers the office's zones first (issue 18, item 10)."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from corridor.movements.tests.conftest import add_leg


def _zone_select(page: str, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert found, name
    return found.group(1)


def test_no_zone_is_preset_and_the_offices_come_first(client_for, officer, operation):
    page = client_for(officer).get(
        reverse("movements:leg_add", args=[operation.pk])).content.decode()
    for name in ("departure_zone", "arrival_zone"):
        select = _zone_select(page, name)
        assert re.findall(r'<option value="([^"]*)"[^>]*selected', select) == [""]
        first_group = re.search(r"<optgroup[^>]*>(.*?)</optgroup>", select, re.S).group(1)
        assert 'value="Asia/Amman"' in first_group  # the operation's office is in Jordan
        assert "Africa/Abidjan" not in first_group


def test_a_leg_saved_without_a_zone_is_refused(client_for, officer, operation):
    leg = add_leg(operation, officer, hour=8)
    client = client_for(officer)
    page = client.get(reverse("movements:leg_edit", args=[leg.pk])).content.decode()
    selected = re.findall(r'<option value="([^"]*)"[^>]*selected',
                          _zone_select(page, "departure_zone"))
    assert selected[:1] == ["Asia/Amman"]  # the leg's own zone, kept when editing
    day = timezone.localdate() + datetime.timedelta(days=30)
    leg_data = {"mode": "air", "carrier": "RJ", "origin": "AMM",
                "destination": "BER", "departure": f"{day}T08:00",
                "departure_zone": "", "arrival": f"{day}T12:00",
                "arrival_zone": "Europe/Berlin", "seats": "10",
                "wheelchair_places": "0", "stretcher_places": "0",
                "escort_seats": "0", "fare": "0"}
    url = reverse("movements:leg_add", args=[operation.pk])
    response = client.post(url, leg_data)
    assert response.status_code == 200
    assert operation.legs.count() == 1
    assert re.search(r'field invalid">\s*<label for="id_departure_zone"',
                     response.content.decode())
    # The same leg with its zone chosen is added: the zone was all that was missing.
    assert client.post(url, {**leg_data, "departure_zone": "Asia/Amman"}).status_code == 302
    assert operation.legs.count() == 2
