from django.urls import path

from corridor.geo import views

app_name = "geo"

urlpatterns = [
    path("imports/", views.import_page, name="import"),
]
