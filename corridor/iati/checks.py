"""The reporting organisation's settings against the IATI codelists, at start-up."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from engines.iati import codelists


@register()
def iati_reporting_org(app_configs, **kwargs) -> list[Error]:
    if settings.IATI_ORG_TYPE not in codelists.codes("OrganisationType"):
        return [Error(f"IATI_ORG_TYPE {settings.IATI_ORG_TYPE!r} is not an IATI "
                      "OrganisationType code (40: multilateral, 10: government, 21: NGO…)",
                      id="iati.E001")]
    return []
