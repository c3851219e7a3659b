from django.urls import path

from corridor.registry.imports import views

app_name = "registry_imports"

urlpatterns = [
    path("", views.import_start, name="start"),
    path("confirm/", views.import_confirm, name="confirm"),
    path("cancel/", views.import_cancel, name="cancel"),
    path("batches/<int:batch_id>/", views.import_result, name="result"),
    path("xlsform.xlsx", views.xlsform_download, name="xlsform"),
    path("pcodes.csv", views.pcodes_download, name="pcodes"),
    path("export/", views.export_page, name="export"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
]
