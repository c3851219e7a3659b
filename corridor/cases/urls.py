from django.urls import path

from corridor.cases import transfer_views, views, views_bulk, views_list
from corridor.partners import views as partner_views

app_name = "cases"

urlpatterns = [
    path("", views_list.case_list, name="case_list"),
    path("export.csv", views_list.case_export, {"fmt": "csv"}, name="case_export_csv"),
    path("export.xlsx", views_list.case_export, {"fmt": "xlsx"}, name="case_export_xlsx"),
    path("selected/<str:action>/", views_bulk.case_bulk, name="case_bulk"),
    path("filters/save/", views_list.filter_save, name="filter_save"),
    path("filters/<int:filter_id>/delete/", views_list.filter_delete, name="filter_delete"),
    path("new/", views.case_create, name="case_create"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/move/<str:to>/", views.case_transition, name="case_transition"),
    path("<int:case_id>/assign/", views.case_assign, name="case_assign"),
    path("<int:case_id>/transfer/", transfer_views.transfer_request, name="case_transfer"),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path("transfers/<int:transfer_id>/accept/", transfer_views.transfer_accept,
         name="transfer_accept"),
    path("transfers/<int:transfer_id>/decline/", transfer_views.transfer_decline,
         name="transfer_decline"),
    path("transfers/<int:transfer_id>/cancel/", transfer_views.transfer_cancel,
         name="transfer_cancel"),
    path("<int:case_id>/notes/new/", views.note_add, name="note_add"),
    path("<int:case_id>/attachments/new/", views.attachment_add, name="attachment_add"),
    path("<int:case_id>/attachments/<int:attachment_id>/", views.attachment_download,
         name="attachment_download"),
    path("<int:case_id>/assistance/new/", views.assistance_add, name="assistance_add"),
    path("<int:case_id>/assistance/<int:item_id>/deliver/", views.assistance_deliver,
         name="assistance_deliver"),
    path("<int:case_id>/assistance/<int:item_id>/cancel/", views.assistance_cancel,
         name="assistance_cancel"),
    path("<int:case_id>/referrals/new/", views.referral_add, name="referral_add"),
    path("<int:case_id>/referrals/<int:referral_id>/answer/", views.referral_answer,
         name="referral_answer"),
    path("projects/", partner_views.project_list, name="project_list"),
    path("projects/new/", partner_views.project_create, name="project_create"),
    path("projects/<int:project_id>/", partner_views.project_detail, name="project_detail"),
    path("projects/<int:project_id>/edit/", partner_views.project_edit, name="project_edit"),
    path("partners/", partner_views.partner_list, name="partner_list"),
]
