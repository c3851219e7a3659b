app_name = "flows"

urlpatterns: list = []
