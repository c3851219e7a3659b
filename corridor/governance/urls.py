from django.urls import path

from corridor.governance import views, views_agendas, views_elections, views_organs

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
    path("sessions/<int:session_id>/minutes/", views_organs.session_minutes, name="minutes"),
    path("sessions/<int:session_id>/minutes.txt", views_organs.session_minutes,
         {"as_text": True}, name="minutes_txt"),
    path("organs/", views_organs.organs, name="organs"),
    path("members/", views_organs.member_list, name="members"),
    path("special/", views_organs.special_list, name="specials"),
    path("special/<int:request_id>/", views_organs.special_detail, name="special"),
    path("rules/", views_organs.rule_sets, name="rule_sets"),
]
