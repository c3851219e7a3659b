from django.urls import path

from corridor.iati import views

app_name = "iati"

urlpatterns = [
    path("activities.xml", views.activities, name="activities"),
    path("organisation.xml", views.organisation, name="organisation"),
]
