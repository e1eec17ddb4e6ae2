from django.urls import path

from . import views

app_name = "territoires"

urlpatterns = [
    path("communes/", views.communes_json, name="communes"),
    path("cibles/", views.cibles, name="cibles"),
    path("cibles/indicateurs/", views.indicateurs, name="indicateurs"),
]
