"""The greedy baseline: most urgent households first, each on the earliest transport with room.

Urgency is priority density (priority per seat), because seats are the scarce resource; among equal
densities larger households go first, as in first-fit decreasing, since small ones fill gaps later.
"""

from __future__ import annotations

from engines.planner.households import NOT_ASSIGNED, Choice, Corridor


def greedy_choice(corridor: Corridor) -> Choice:
    room = [[t.seats, t.wheelchair_places, t.escort_places] for t in corridor.transports]
    choice = [NOT_ASSIGNED] * len(corridor.households)
    order = sorted(
        range(len(corridor.households)),
        key=lambda i: (
            -corridor.households[i].priority / corridor.households[i].size,
            -corridor.households[i].priority,
            corridor.households[i].ready,
            corridor.households[i].id,
        ),
    )
    for i in order:
        household = corridor.households[i]
        for t in corridor.options[i]:  # earliest departure first
            left = room[t]
            if (
                household.size <= left[0]
                and household.wheelchairs <= left[1]
                and household.escorts <= left[2]
            ):
                left[0] -= household.size
                left[1] -= household.wheelchairs
                left[2] -= household.escorts
                choice[i] = t
                break
    return choice
