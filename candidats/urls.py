app_name = "candidats"

urlpatterns: list = []
