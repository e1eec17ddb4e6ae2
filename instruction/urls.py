from django.urls import path

from . import views

app_name = "instruction"

urlpatterns = [
    path("mes-demandes/", views.mes_demandes, name="mes_demandes"),
    path("mes-demandes/nouvelle/<str:type_demande>/", views.deposer, name="deposer"),
    path("demandes/", views.demandes, name="demandes"),
    path("demandes/<int:pk>/", views.demande, name="demande"),
    path("demandes/<int:pk>/retirer/", views.annuler, name="annuler"),
    path("demandes/<int:pk>/avis/", views.avis, name="avis"),
    path("prefecture/", views.a_instruire, name="a_instruire"),
    path("comites/", views.comites, name="comites"),
    path("comites/<int:pk>/", views.comite, name="comite"),
    path("comites/<int:pk>/confirmer/", views.confirmer, name="confirmer"),
    path(
        "comites/<int:pk>/demandes/<int:demande_pk>/<str:type_poste>/",
        views.derogation,
        name="derogation",
    ),
]
