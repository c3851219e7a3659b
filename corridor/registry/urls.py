from django.urls import path

from corridor.registry import views, views_details

app_name = "registry"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("<int:person_id>/", views.person_detail, name="person_detail"),
    path("<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<int:person_id>/documents/new/", views_details.document_add, name="document_add"),
    path("<int:person_id>/consents/new/", views_details.consent_add, name="consent_add"),
    path("statistics/", views.statistics, name="statistics"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:household_id>/", views.household_detail, name="household_detail"),
]
