from django.urls import path

from corridor.partners import views, views_shared, views_staff

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="partner_list"),
    path("<int:partner_id>/", views_staff.partner_detail, name="partner_detail"),
    path("agreements/<int:agreement_id>/", views_staff.agreement_detail, name="agreement_detail"),
    path("agreements/<int:agreement_id>/disclosures/", views_staff.agreement_disclosures,
         name="agreement_disclosures"),
    path("emergency/", views_staff.emergency_list, name="emergency_list"),
    path("emergency/<int:disclosure_id>/decide/", views_staff.emergency_decide,
         name="emergency_decide"),
    path("operations/", views_staff.operation_list, name="operation_list"),
    path("operations/<int:operation_id>/", views_staff.operation_detail, name="operation_detail"),
    # What a partner's user sees.
    path("shared/", views_shared.shared_home, name="shared_home"),
    path("shared/<int:agreement_id>/", views_shared.shared_list, name="shared_list"),
    path("shared/<int:agreement_id>/people/<int:person_id>/", views_shared.shared_person,
         name="shared_person"),
    path("shared/<int:agreement_id>/export.json", views_shared.shared_export, {"fmt": "json"},
         name="shared_export_json"),
    path("shared/<int:agreement_id>/export.csv", views_shared.shared_export, {"fmt": "csv"},
         name="shared_export_csv"),
    path("shared/<int:agreement_id>/export-hxl.csv", views_shared.shared_export, {"fmt": "hxl"},
         name="shared_export_hxl"),
    path("shared/emergency/<int:disclosure_id>/", views_shared.shared_emergency,
         name="shared_emergency"),
    # Projects (moved here from /cases/projects/).
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:project_id>/", views.project_detail, name="project_detail"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="project_edit"),
]
