from django.urls import path

from corridor.portal import flows_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("public/flows/", flows_views.flows, name="flows"),
]
