app_name = "activite"

urlpatterns: list = []
