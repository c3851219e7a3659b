"""The scale of assessment: each member's share of the budget from the UN scale.

Pure Python, no Django. Each member pays min(C, max(F, k × un_rate)) percent with the one k that
makes the shares sum to 100, rounded to D decimals by largest remainder (still exactly 100).

    un, problems = read_un_scale(Path("un_scale.csv"))
    members, more = read_members(Path("members.csv"))
    scale = assess({c: r.rate for c, r in un.rates.items()}, [m.iso3 for m in members],
                   floor=Decimal("0.001"), ceiling=Decimal("22"), decimals=3)
    scale.rates  # {'FRA': Decimal('4.318'), ...}; scale.to_csv()
"""

from engines.assessment.errors import Problem, ScaleError
from engines.assessment.readers import Member, UnRate, UnScale, read_members, read_un_scale
from engines.assessment.scale import DEFAULT_CEILING, DEFAULT_DECIMALS, DEFAULT_FLOOR, Scale, assess

__all__ = [
    "DEFAULT_CEILING",
    "DEFAULT_DECIMALS",
    "DEFAULT_FLOOR",
    "Member",
    "Problem",
    "Scale",
    "ScaleError",
    "UnRate",
    "UnScale",
    "assess",
    "read_members",
    "read_un_scale",
]
