app_name = "registry_imports"

urlpatterns: list = []
