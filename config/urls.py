from django.urls import include, path

from config.api import api
from corridor.access import views as access_views
from corridor.governance.public_views import DecisionFeed

urlpatterns = [
    # Before the portal's own feeds (public/feeds/<feed>.atom would answer 404 for this one).
    path("public/feeds/decisions.atom", DecisionFeed(), name="governance_public_feed"),
    path("public/governance/", include("corridor.governance.public_urls")),
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
    path("cooperation/", include("corridor.cooperation.urls")),
    path("public/certificates/", include("corridor.cooperation.public_urls")),
    path("tasks/", include("corridor.tasks.urls")),
    # The switch keeps a signed-in user's choice for their e-mails; Django's view does the rest.
    path("i18n/setlang/", access_views.set_language, name="set_language"),
    path("editorial/", include("corridor.editorial.urls")),
    path("api/v1/", api.urls),
]
