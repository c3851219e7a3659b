from django.urls import path

from corridor.governance import public_views

app_name = "governance_public"

urlpatterns = [
    path("", public_views.decisions, name="decisions"),
    path("sessions/<int:session_id>/", public_views.session, name="session"),
]
