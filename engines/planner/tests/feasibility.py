"""An independent referee for plans: reads the raw input and output documents, shares no engine code.

Written from the issue's wording, not from the engine, so that a bug in the engine's household or
capacity logic is not copied into the check that is meant to catch it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict


def _day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def violations(raw: dict, output: dict) -> list[str]:
    """Every way `output` breaks the feasibility rules for `raw`; empty when the plan is feasible."""
    found = []
    travellers = {t["id"]: t for t in raw["travellers"]}
    transports = {t["id"]: t for t in raw["transports"]}
    assignments = output["assignments"]
    for traveller_id, transport_id in assignments.items():
        traveller = travellers.get(traveller_id)
        transport = transports.get(transport_id)
        if traveller is None or transport is None:
            found.append(f"unknown traveller or transport in {traveller_id}->{transport_id}")
            continue
        if (traveller["origin"], traveller["destination"]) != (
            transport["origin"], transport["destination"]
        ):
            found.append(f"{traveller_id} on {transport_id}: wrong corridor")
        if _day(transport["departure"]) < _day(traveller["ready"]):
            found.append(f"{traveller_id} on {transport_id}: departs before ready")
    households = defaultdict(set)
    for traveller in raw["travellers"]:
        households[traveller["household"]].add(assignments.get(traveller["id"]))
    for household, where in households.items():
        if len(where) > 1:
            found.append(f"household {household} split over {sorted(map(str, where))}")
    load = defaultdict(Counter)
    for traveller_id, transport_id in assignments.items():
        traveller = travellers.get(traveller_id)
        if traveller is None:
            continue
        load[transport_id]["seats"] += 1
        load[transport_id]["wheelchair_places"] += traveller["wheelchair"]
        load[transport_id]["escort_places"] += traveller["needs_escort"]
    for transport_id, used in load.items():
        for key, amount in used.items():
            if transport_id in transports and amount > transports[transport_id][key]:
                found.append(f"{transport_id}: {amount} {key} used of {transports[transport_id][key]}")
    return found


def score(raw: dict, assignments: dict[str, str]) -> tuple[int, int]:
    """(priority total, waiting days) recomputed from scratch."""
    travellers = {t["id"]: t for t in raw["travellers"]}
    transports = {t["id"]: t for t in raw["transports"]}
    priority = sum(travellers[t]["priority"] for t in assignments)
    waiting = sum(
        _day(transports[f]["departure"]) - _day(travellers[t]["ready"])
        for t, f in assignments.items()
    )
    return priority, waiting


def best_by_enumeration(raw: dict) -> tuple[int, int]:
    """The true lexicographic optimum (priority, waiting) of a tiny instance, by trying every plan."""
    households = defaultdict(list)
    for traveller in raw["travellers"]:
        households[traveller["household"]].append(traveller["id"])
    names = sorted(households)
    transport_ids = [t["id"] for t in raw["transports"]]
    assert len(transport_ids) ** len(names) <= 200_000, "instance too big to enumerate"
    best = None
    for picks in itertools.product([None, *transport_ids], repeat=len(names)):
        assignments = {
            member: pick
            for name, pick in zip(names, picks, strict=True) if pick is not None
            for member in households[name]
        }
        if violations(raw, {"assignments": assignments}):
            continue
        priority, waiting = score(raw, assignments)
        if best is None or (priority, -waiting) > (best[0], -best[1]):
            best = (priority, waiting)
    return best
