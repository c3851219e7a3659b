from django.urls import path

from corridor.movements import views, views_bookings, views_readiness

app_name = "movements"

urlpatterns = [
    path("", views.operation_list, name="operation_list"),
    path("new/", views.operation_create, name="operation_create"),
    path("<int:operation_id>/", views.operation_detail, name="operation_detail"),
    path("<int:operation_id>/edit/", views.operation_edit, name="operation_edit"),
    path("<int:operation_id>/legs/new/", views.leg_add, name="leg_add"),
    path("<int:operation_id>/propose/", views.proposal_create, name="proposal_create"),
    path("<int:operation_id>/evacuation/", views.evacuation, name="evacuation"),
    path("legs/<int:leg_id>/", views.leg_detail, name="leg_detail"),
    path("legs/<int:leg_id>/edit/", views.leg_edit, name="leg_edit"),
    path("legs/<int:leg_id>/move/<str:to>/", views.leg_move, name="leg_move"),
    path("legs/<int:leg_id>/book/", views_bookings.booking_add, name="booking_add"),
    path("legs/<int:leg_id>/escorts/new/", views.escort_add, name="escort_add"),
    path("legs/<int:leg_id>/manifest.csv", views.manifest_csv, name="manifest_csv"),
    path("legs/<int:leg_id>/manifest.pdf", views.manifest_pdf, name="manifest_pdf"),
    path("bookings/<int:booking_id>/move/<str:to>/", views.booking_transition,
         name="booking_transition"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal_detail"),
    path("people/<int:person_id>/clearance/", views_readiness.clearance_add, name="clearance_add"),
    path("people/<int:person_id>/permission/", views_readiness.permission_add,
         name="permission_add"),
]
