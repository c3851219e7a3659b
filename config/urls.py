from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("corridor.portal.urls")),
    path("", include("corridor.access.urls")),
    path("people/", include("corridor.registry.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
