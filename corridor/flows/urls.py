from django.urls import path

from corridor.flows import views

app_name = "flows"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("breakdowns/", views.breakdowns, name="breakdowns"),
    path("od/", views.od_matrix, name="od"),
    path("displaced/", views.displaced, name="displaced"),
    path("export/<str:what>.<str:fmt>", views.export, name="export"),
    path("points/", views.point_list, name="point_list"),
    path("points/new/", views.point_create, name="point_create"),
    path("points/<int:point_id>/", views.point_detail, name="point_detail"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/template/<str:kind>.<str:fmt>", views.import_template, name="import_template"),
    path("imports/<int:batch_id>/", views.import_detail, name="import_detail"),
    path("imports/<int:batch_id>/review/", views.import_review, name="import_review"),
    path("imports/<int:batch_id>/publish/", views.import_decide, {"decision": "publish"},
         name="import_publish"),
    path("imports/<int:batch_id>/send-back/", views.import_decide, {"decision": "send_back"},
         name="import_send_back"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
]
