app_name = "instruction"

urlpatterns: list = []
