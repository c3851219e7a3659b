from django.urls import path

from corridor.tracing import views

app_name = "tracing"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_create, name="request_create"),
    path("<int:request_id>/", views.request_detail, name="request_detail"),
    path("<int:request_id>/edit/", views.request_edit, name="request_edit"),
    path("<int:request_id>/search/", views.request_search, name="request_search"),
    path("candidates/<int:candidate_id>/", views.candidate_review, name="candidate_review"),
    path("candidates/<int:candidate_id>/plan/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/book/", views.plan_book, name="plan_book"),
]
