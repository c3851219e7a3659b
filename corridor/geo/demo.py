"""The demo gazetteer shipped with the app: admin-1 areas of five countries, approximate centroids."""

from __future__ import annotations

from pathlib import Path

from corridor.geo import services
from corridor.geo.models import AdminArea

DATA = Path(__file__).resolve().parent / "data"


def gazetteer_demo_load() -> int:
    """Load the demo gazetteer and sites when no admin area exists yet; return areas created."""
    if AdminArea.objects.exists():
        return 0
    path = DATA / "demo_gazetteer_hxl.csv"
    report = services.gazetteer_import(actor=None, data=path.read_bytes(), filename=path.name)
    sites = DATA / "demo_sites.csv"
    services.sites_import(actor=None, data=sites.read_bytes(), filename=sites.name)
    return report.created
