"""API for cases: the same selectors, services and policies as the pages (projects and partners:
corridor.partners.api).

`router` is mounted by config/api.py; the modules below add their endpoints to it."""

from ninja import Router

router = Router(tags=["cases"])

from corridor.cases.api import cases, partner_referrals, transfers  # noqa: E402, F401  (they register endpoints)
