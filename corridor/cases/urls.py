from django.urls import path
from django.views.generic import RedirectView

from corridor.cases import partner_views, transfer_views, views, views_bulk, views_list

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
    path("<int:case_id>/referrals/<int:referral_id>/revoke/", partner_views.referral_revoke,
         name="referral_revoke"),
    # A partner's users answer the referrals sent to their agency here.
    path("referrals/inbox/", partner_views.referral_inbox, name="referral_inbox"),
    path("referrals/inbox/<int:referral_id>/", partner_views.referral_packet,
         name="referral_packet"),
    # Projects and the partner directory moved to the partners app (/partners/…): the old
    # addresses keep answering, with a permanent redirect.
    path("projects/", RedirectView.as_view(pattern_name="partners:project_list", permanent=True,
                                           query_string=True), name="moved_project_list"),
    path("projects/new/", RedirectView.as_view(pattern_name="partners:project_create",
                                               permanent=True), name="moved_project_create"),
    path("projects/<int:project_id>/", RedirectView.as_view(
        pattern_name="partners:project_detail", permanent=True), name="moved_project_detail"),
    path("projects/<int:project_id>/edit/", RedirectView.as_view(
        pattern_name="partners:project_edit", permanent=True), name="moved_project_edit"),
    path("partners/", RedirectView.as_view(pattern_name="partners:partner_list", permanent=True),
         name="moved_partner_list"),
]
