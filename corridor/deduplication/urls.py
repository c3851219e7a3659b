from django.urls import path

from corridor.deduplication import views

app_name = "deduplication"

urlpatterns = [
    path("", views.run_list, name="runs"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("clusters/<int:cluster_id>/", views.cluster_detail, name="cluster"),
]
