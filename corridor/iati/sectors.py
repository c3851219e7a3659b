"""Corridor's programme categories as OECD DAC 5-digit sectors (vocabulary 1), for IATI.

The organisation's four kinds of programme (memorandum A/51/232) have no one-to-one DAC sector;
the split below is the organisation's reading, held in one place so that a finance officer can
change it with a reason. Each category's percentages sum to 100 (a test holds it).

- humanitarian migration (movements of refugees, evacuations, emergency relief):
  72010 Material relief assistance and services 60 %, 15190 Facilitation of orderly, safe,
  regular and responsible migration and mobility 40 %;
- migration for development (return of qualified nationals, reintegration): 15190 100 %;
- technical cooperation on migration (migration management for governments): 15190 70 %,
  15110 Public sector policy and administrative management 30 %;
- migration debate, research and information: 15190 60 %, 43082 Research/scientific
  institutions 40 %.

Humanitarian programmes are also flagged `humanitarian="1"` on the activity.
"""

from __future__ import annotations

from decimal import Decimal as D

from engines.iati import Sector

CATEGORY_SECTORS: dict[str, tuple[Sector, ...]] = {
    "humanitarian": (Sector("72010", "1", D("60")), Sector("15190", "1", D("40"))),
    "development": (Sector("15190", "1", D("100")),),
    "technical_cooperation": (Sector("15190", "1", D("70")), Sector("15110", "1", D("30"))),
    "debate_research": (Sector("15190", "1", D("60")), Sector("43082", "1", D("40"))),
}
HUMANITARIAN_CATEGORIES = frozenset({"humanitarian"})


def sectors_for(category: str) -> tuple[Sector, ...]:
    return CATEGORY_SECTORS[category]
