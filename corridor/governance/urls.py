from django.urls import path

from corridor.governance import views, views_agendas, views_elections

app_name = "governance"

urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/results.pdf", views.session_pdf, name="session_pdf"),
    path("sessions/<int:session_id>/agenda/", views_agendas.agenda, name="agenda"),
    path("documents/", views_agendas.document_find, name="documents"),
    path("votes/<int:vote_id>/", views.vote_detail, name="vote"),
    path("sessions/<int:session_id>/elections/new/", views_elections.election_open,
         name="election_open"),
    path("elections/<int:election_id>/", views_elections.election_detail, name="election"),
]
