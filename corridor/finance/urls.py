from django.urls import path

from corridor.finance import views, views_emergency, views_reports, views_voluntary

app_name = "finance"

urlpatterns = [
    path("", views.home, name="home"),
    path("funds/<int:fund_id>/", views.fund_detail, name="fund"),
    path("funds/<int:fund_id>/accounts/<int:account_id>/", views.entries, name="entries"),
    path("transactions/new/", views.journal_create, name="journal"),
    path("transactions/<int:transaction_id>/", views.transaction_detail, name="transaction"),
    path("transactions/<int:transaction_id>/reverse/", views.transaction_reverse,
         name="transaction_reverse"),
    path("funds/<int:fund_id>/status.<str:fmt>", views_reports.fund_status, name="fund_status"),
    path("rates/", views.rates, name="rates"),
    path("members/", views.members, name="members"),
    path("members/<int:member_id>/", views.member_detail, name="member"),
    path("members/<int:member_id>/statement.pdf", views_reports.member_statement,
         {"fmt": "pdf"}, name="statement_pdf"),
    path("members/<int:member_id>/statement.xlsx", views_reports.member_statement,
         {"fmt": "xlsx"}, name="statement_xlsx"),
    path("years/", views.years, name="years"),
    path("years/<int:year>/", views.year_detail, name="year"),
    path("arrears/", views.arrears, name="arrears"),
    path("donors/", views_voluntary.donors, name="donors"),
    path("donors/<int:donor_id>/", views_voluntary.donor_detail, name="donor"),
    path("donors/<int:donor_id>/report.<str:fmt>", views_reports.donor_report,
         name="donor_report"),
    path("contributions/", views_voluntary.contributions, name="contributions"),
    path("contributions/<int:contribution_id>/", views_voluntary.contribution_detail,
         name="contribution"),
    path("allocations/<int:allocation_id>/reverse/", views_voluntary.allocation_reverse,
         name="allocation_reverse"),
    path("projects/", views_voluntary.projects, name="projects"),
    path("projects/<int:project_id>/", views_voluntary.project_detail, name="project"),
    path("projects/budget.<str:fmt>", views_reports.budget_against_actual,
         name="budget_against_actual"),
    path("emergency/", views_emergency.emergency, name="emergency"),
    path("appeals/", views_emergency.appeals, name="appeals"),
    path("appeals/<int:appeal_id>/", views_emergency.appeal_detail, name="appeal"),
    path("appeals/<int:appeal_id>/export.<str:fmt>", views_emergency.appeal_export,
         name="appeal_export"),
]
