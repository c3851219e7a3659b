from django.urls import path

from corridor.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("votes/<int:vote_id>/", views.vote_detail, name="vote"),
]
