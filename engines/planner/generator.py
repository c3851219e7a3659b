"""Seedable synthetic planning instances (raw JSON documents), for tests and the benchmark.

Demand is set above capacity by `demand_ratio` (travellers per seat), corridors differ in size, and
some travellers need a wheelchair place or an escort, so every constraint of the model can bind.
"""

from __future__ import annotations

import datetime as dt
import random

ORIGINS = ("KBL", "DAM", "BGW", "KRT", "MOG", "SAH", "ADD", "KHA", "JUB", "TRP")
DESTINATIONS = ("IST", "BER", "TOR", "MAD", "STO", "LIS")
START = dt.date(2026, 12, 1)


def generate_problem(
    *,
    travellers: int = 10_000,
    households: int = 3_000,
    transports: int = 200,
    corridors: int = 12,
    demand_ratio: float = 2.0,
    horizon_days: int = 60,
    seed: int = 0,
) -> dict:
    if not 1 <= households <= travellers:
        raise ValueError("need 1 <= households <= travellers")
    rng = random.Random(seed)
    routes = rng.sample([(o, d) for o in ORIGINS for d in DESTINATIONS], corridors)
    route_weight = [rng.uniform(0.3, 1.0) for _ in routes]

    # Every household has one member, the rest are spread at random: sizes average
    # travellers / households with a long tail of large families.
    sizes = [1] * households
    for h in rng.choices(range(households), k=travellers - households):
        sizes[h] += 1

    people = []
    for h, size in enumerate(sizes):
        origin, destination = rng.choices(routes, weights=route_weight)[0]
        base_ready = rng.randint(0, horizon_days - 15)
        base_priority = rng.choices((1, 2, 3, 4, 5), weights=(30, 25, 20, 15, 10))[0]
        for _ in range(size):
            priority = base_priority
            if rng.random() < 0.2:  # members of a household need not be equally urgent
                priority = min(5, max(1, priority + rng.choice((-1, 1))))
            people.append({
                "id": f"T{len(people) + 1:05d}",
                "household": f"H{h + 1:04d}",
                "priority": priority,
                "origin": origin,
                "destination": destination,
                "ready": (START + dt.timedelta(days=base_ready + rng.randint(0, 3))).isoformat(),
                "wheelchair": rng.random() < 0.03,
                "needs_escort": rng.random() < 0.05,
            })
    rng.shuffle(people)

    # Transports follow demand so that no corridor is empty, with seats scaled to the ratio.
    demand = {route: 0 for route in routes}
    for person in people:
        demand[person["origin"], person["destination"]] += 1
    used_routes = [r for r in routes if demand[r]]
    transport_routes = list(used_routes[:transports])
    transport_routes += rng.choices(
        used_routes, weights=[demand[r] for r in used_routes],
        k=transports - len(transport_routes),
    )
    mean_seats = max(1.0, travellers / demand_ratio / max(1, transports))
    vehicles = []
    for j, (origin, destination) in enumerate(transport_routes):
        vehicles.append({
            "id": f"F{j + 1:03d}",
            "origin": origin,
            "destination": destination,
            "departure": (START + dt.timedelta(days=rng.randint(2, horizon_days))).isoformat(),
            "seats": max(1, round(rng.uniform(0.5, 1.5) * mean_seats)),
            "wheelchair_places": rng.randint(0, 2),
            "escort_places": rng.randint(0, 3),
        })
    return {"travellers": people, "transports": vehicles}
