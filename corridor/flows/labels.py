"""Words for the codes the flow engine returns: dimension names and their values, translated.

The engine (engines/flowstats) speaks in codes (`sex`, `female`, `natural_disaster`, `TOTAL`) and
never imports Django; pages translate them here. A code without a label (a nationality's ISO3
code, a reason a partner's form added) is shown as it is: it stays readable and searchable.

Countries are named in the reader's language by `corridor.geo.countries` ("Jordanie",
"Jordania"), where the gazetteer, in English, says "Jordan".
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from corridor.geo import countries
from engines.flowstats import TOTAL
from engines.flowstats.results import UNKNOWN

DIMENSIONS: dict[str, Promise] = {
    "sex": _("Sex"),
    "age_group": _("Age group"),
    "nationality": _("Nationality"),
    "reason": _("Reason"),
    "direction": _("Direction"),
    "mode": _("Mode"),
}

# A table's caption says what it counts; its first column header names the dimension.
CAPTIONS: dict[str, Promise] = {
    "sex": _("People counted by sex"),
    "age_group": _("People counted by age group"),
    "nationality": _("People counted by nationality"),
    "reason": _("People counted by reason for moving"),
    "direction": _("People counted by direction"),
    "mode": _("People counted by means of transport"),
}

_COMMON: dict[str, Promise] = {TOTAL: _("Total"), UNKNOWN: _("Unknown")}

VALUES: dict[str, dict[str, Promise]] = {
    "sex": {"female": _("Female"), "male": _("Male")},
    "age_group": {
        "0-4": _("0–4 years"), "5-17": _("5–17 years"), "18-59": _("18–59 years"),
        "60+": _("60 years and over"),
    },
    # Direction is seen from the monitoring point: people entering or leaving through it.
    "direction": {"in": pgettext_lazy("flow direction", "In"),
                  "out": pgettext_lazy("flow direction", "Out")},
    "reason": {
        "economic": _("Economic"), "conflict": _("Conflict"), "family": _("Family"),
        "seasonal": _("Seasonal"), "education": _("Education"), "health": _("Health"),
        "natural_disaster": _("Natural disaster"), "other": _("Other"),
    },
    # Displacement Tracking Matrix population types (the HXL exports' #affected tags).
    "population_type": {
        "idp": _("Internally displaced persons"), "returnee": _("Returnees"),
        "migrant": _("Migrants"),
    },
    "mode": {
        "foot": _("On foot"), "bus": _("Bus"), "car": _("Car"), "truck": _("Truck"),
        "boat": _("Boat"), "train": _("Train"), "air": _("Air"), "other": _("Other"),
    },
}


def dimension_label(dimension: str) -> str:
    return str(DIMENSIONS.get(dimension, dimension))


def caption(dimension: str) -> str:
    return str(CAPTIONS.get(dimension, dimension))


def value_label(dimension: str, code: str) -> str:
    label = VALUES.get(dimension, {}).get(code) or _COMMON.get(code)
    return str(label) if label is not None else code


def choices(dimension: str, codes: tuple[str, ...]) -> list[tuple[str, Promise | str]]:
    """Form choices for a dimension's codes, each with its label (lazy: shown in the page's
    language, not the one active when the form class was built)."""
    table = {**_COMMON, **VALUES.get(dimension, {})}
    return [(code, table.get(code, code)) for code in codes]


def area_name(level: int, country: str, name: str) -> str:
    """An admin area as people read it: a country (level 0) in their language, any other area as
    the gazetteer names it (place names are not translated)."""
    return countries.country_name(country) if level == 0 else name
