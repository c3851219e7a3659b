from django.urls import path

from corridor.cooperation import views, views_returns

app_name = "cooperation"

urlpatterns = [
    path("", views.home, name="home"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("missions/<int:mission_id>/report/", views.mission_report, name="mission_report"),
    path("courses/<int:course_id>/", views.course_detail, name="course"),
    path("courses/<int:course_id>/participants/", views.course_participants,
         name="participants"),
    path("certificates/<int:certificate_id>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:certificate_id>/certificate.pdf", views.certificate_pdf,
         name="certificate_pdf"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("returns/", views_returns.needs, name="needs"),
    path("returns/needs/<int:need_id>/", views_returns.need_detail, name="need"),
    path("returns/candidates/", views_returns.candidates, name="candidates"),
    path("returns/placements/", views_returns.placements, name="placements"),
    path("returns/placements/<int:placement_id>/", views_returns.placement_detail,
         name="placement"),
]
