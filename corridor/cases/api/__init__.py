"""API for cases, projects and partners: the same selectors, services and policies as the pages.

`router` is mounted by config/api.py; the modules below add their endpoints to it."""

from ninja import Router

router = Router(tags=["cases"])

from corridor.cases.api import cases, projects, transfers  # noqa: E402, F401  (they register endpoints)
