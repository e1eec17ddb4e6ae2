from django.urls import path

from . import views

app_name = "recrutement"

urlpatterns = [
    path("", views.espace, name="espace"),
    path("vivier/", views.vivier, name="vivier"),
    path("ajouter/", views.ajouter, name="ajouter"),
    path("candidats/<int:pk>/", views.candidat, name="candidat"),
    path("candidats/<int:pk>/preselectionner/", views.preselectionner, name="preselectionner"),
    path("candidats/<int:pk>/non-retenu/", views.non_retenu, name="non_retenu"),
    path("candidats/<int:pk>/remettre/", views.remettre, name="remettre"),
    path("candidats/<int:pk>/valider/", views.valider, name="valider"),
    path(
        "candidats/<int:pk>/annuler-validation/",
        views.annuler_validation,
        name="annuler_validation",
    ),
    path("validations/", views.validations, name="validations"),
    path("validations/<int:pk>/finaliser/", views.finaliser, name="finaliser"),
    path("validations/<int:pk>/annuler/", views.annuler_recrutement, name="annuler_recrutement"),
    path("retards/", views.retards, name="retards"),
]
