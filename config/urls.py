from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("corridor.portal.urls")),
    path("", include("corridor.access.urls")),
    path("people/import/", include("corridor.registry.imports.urls")),
    path("people/", include("corridor.registry.urls")),
    path("cases/", include("corridor.cases.urls")),
    path("partners/", include("corridor.partners.urls")),
    path("jobs/", include("corridor.jobs.urls")),
    path("flows/", include("corridor.flows.urls")),
    path("geo/", include("corridor.geo.urls")),
    path("tracing/", include("corridor.tracing.urls")),
    path("dedup/", include("corridor.deduplication.urls")),
    path("movements/", include("corridor.movements.urls")),
    path("finance/", include("corridor.finance.urls")),
    path("governance/", include("corridor.governance.urls")),
    path("public/iati/", include("corridor.iati.urls")),
    path("tasks/", include("corridor.tasks.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
