from django.urls import path

from corridor.tasks import views

app_name = "tasks"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("<uuid:task_id>/", views.task_detail, name="detail"),
    path("<uuid:task_id>/state", views.task_state, name="state"),
]
