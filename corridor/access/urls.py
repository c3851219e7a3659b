from django.urls import path

from corridor.access import views

app_name = "access"

urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/tokens/", views.token_list, name="token_list"),
    path("accounts/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("home/", views.home, name="home"),
    path("home/waiting", views.waiting, name="waiting"),
    path("offices/", views.office_list, name="office_list"),
    path("offices/new/", views.office_create, name="office_create"),
    path("offices/<int:office_id>/", views.office_detail, name="office_detail"),
    path("offices/<int:office_id>/edit/", views.office_edit, name="office_edit"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:staff_id>/", views.staff_detail, name="staff_detail"),
    path("staff/grants/", views.grant_list, name="grant_list"),
    path("staff/grants/<int:grant_id>/decide/", views.grant_decide, name="grant_decide"),
    path("audit/", views.audit_list, name="audit_list"),
]
