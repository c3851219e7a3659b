"""A URL configuration for test_error_pages: views that let a service refusal escape."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from corridor.core.errors import NotFound, PermissionDenied


def absent(request):
    raise NotFound("No such record")


def refused(request):
    raise PermissionDenied("Your role does not include this.")


urlpatterns = [
    path("refusal/absent/", absent),
    path("refusal/refused/", refused),
    *site_urlpatterns,
]
