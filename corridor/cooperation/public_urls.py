from django.urls import path

from corridor.cooperation import views_public

app_name = "certificates"

urlpatterns = [
    path("<str:code>/", views_public.verify, name="verify"),
]
