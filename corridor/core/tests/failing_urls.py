"""A URL configuration for the log tests: a view failing with an error that quotes a record, as
database and validation errors do."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from corridor.registry.models import Person


def failing(request, person_id: int):
    person = Person.objects.get(pk=person_id)
    person.birth_date = f"{person.given_name}-31"
    person.full_clean()  # Django's ValidationError quotes the refused value


urlpatterns = [path("failing/<int:person_id>/", failing), *site_urlpatterns]
