"""Every page that shows a leg shows its times in the zone each end belongs to, labelled with it
(issue 18 item 1: a leg departing 08:00 Asia/Amman was printed at the server's UTC time)."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from corridor.movements.tests.conftest import add_leg


@override_settings(TIME_ZONE="UTC")
def test_the_operation_and_leg_pages_show_local_times_with_their_zone(client_for, officer,
                                                                       operation):
    # Departs 08:00 in Amman (UTC+3), arrives four hours later in Berlin (UTC+1 or +2, by season).
    leg = add_leg(operation, officer, hour=8, duration=4)
    leg.arrival_zone = "Europe/Berlin"
    leg.save()
    arrival = f"{leg.arrival_local:%H:%M} (Europe/Berlin)"
    assert arrival[:5] not in ("09:00", "12:00")  # neither UTC nor Amman time
    client = client_for(officer)
    for url in (reverse("movements:operation_detail", args=[operation.pk]),
                reverse("movements:leg_detail", args=[leg.pk])):
        page = client.get(url).content.decode()
        assert "08:00 (Asia/Amman)" in page, url
        assert arrival in page, url
        assert "05:00" not in page  # 08:00 in Amman printed at UTC


@override_settings(TIME_ZONE="America/Bogota")
def test_the_servers_own_zone_changes_nothing(client_for, officer, operation):
    leg = add_leg(operation, officer, hour=8)
    page = client_for(officer).get(reverse("movements:leg_detail", args=[leg.pk])).content.decode()
    assert "08:00 (Asia/Amman)" in page and "00:00 (Asia/Amman)" not in page
