from django.urls import path

from corridor.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.vacancy_list, name="vacancy_list"),
    path("vacancies/new/", views.vacancy_create, name="vacancy_create"),
    path("vacancies/<int:vacancy_id>/", views.vacancy_detail, name="vacancy_detail"),
    path("vacancies/<int:vacancy_id>/edit/", views.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<int:vacancy_id>/candidates/", views.vacancy_candidates,
         name="vacancy_candidates"),
    path("people/<int:person_id>/profile/", views.profile_detail, name="profile_detail"),
    path("people/<int:person_id>/profile/edit/", views.profile_edit, name="profile_edit"),
    path("refer/", views.refer, name="refer"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
]
