from django.urls import path

from corridor.editorial import views

app_name = "editorial"

urlpatterns = [
    path("", views.item_list, name="items"),
    path("new/<str:kind>/", views.item_new, name="new"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/edit/", views.item_edit, name="edit"),
    path("items/<int:item_id>/diff/", views.revision_diff, name="diff"),
    path("items/<int:item_id>/translation/<str:language>/", views.translation_diff, name="translation"),
    path("items/<int:item_id>/files/", views.file_add, name="file_add"),
    path("items/<int:item_id>/consent/", views.consent, name="consent"),
    path("items/<int:item_id>/<str:action>/", views.item_action, name="action"),
    path("links/check/", views.link_check, name="link_check"),
]
