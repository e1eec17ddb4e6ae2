from django.urls import path

from . import views

app_name = "activite"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("comptes-rendus/", views.activites, name="activites"),
    path("comptes-rendus/nouveau/", views.nouveau, name="nouveau"),
    path("comptes-rendus/nouveau/<str:type_activite>/", views.creer, name="creer"),
    path("comptes-rendus/export/", views.export_activites, name="export_activites"),
    path("comptes-rendus/<int:pk>/", views.activite, name="activite"),
    path("comptes-rendus/<int:pk>/modifier/", views.modifier, name="modifier"),
    path("comptes-rendus/<int:pk>/dupliquer/", views.dupliquer, name="dupliquer"),
    path("comptes-rendus/<int:pk>/supprimer/", views.supprimer, name="supprimer"),
    path("lieux/", views.lieux, name="lieux"),
    path("lieux/nouveau/", views.lieu_creer, name="lieu_creer"),
    path("lieux/<int:pk>/modifier/", views.lieu_modifier, name="lieu_modifier"),
    path("lieux/<int:pk>/supprimer/", views.lieu_supprimer, name="lieu_supprimer"),
    path("beneficiaires/", views.beneficiaires, name="beneficiaires"),
    path("beneficiaires/nouveau/", views.beneficiaire_creer, name="beneficiaire_creer"),
    path("beneficiaires/<int:pk>/", views.beneficiaire, name="beneficiaire"),
    path(
        "beneficiaires/<int:pk>/modifier/",
        views.beneficiaire_modifier,
        name="beneficiaire_modifier",
    ),
    path(
        "beneficiaires/<int:pk>/supprimer/",
        views.beneficiaire_supprimer,
        name="beneficiaire_supprimer",
    ),
    path("statistiques/", views.statistiques, name="statistiques"),
    path("statistiques/export/", views.statistiques_export, name="statistiques_export"),
    path("statistiques/rapport.pdf", views.statistiques_pdf, name="statistiques_pdf"),
    path("statistiques/publiques/", views.statistiques_publiques, name="statistiques_publiques"),
    path(
        "statistiques/publiques/rapport.pdf",
        views.statistiques_publiques_pdf,
        name="statistiques_publiques_pdf",
    ),
]
