from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("trouver-un-conseiller/", views.carte, name="carte"),
    path("trouver-un-conseiller/export.csv", views.export_carte, name="export_carte"),
    path("trouver-un-conseiller/lieux/<int:pk>/", views.lieu, name="lieu"),
    path("coordinateurs/", views.coordinateurs, name="coordinateurs"),
    path("donnees-ouvertes/", views.donnees, name="donnees_ouvertes"),
    path("donnees-ouvertes/<str:nom>", views.fichier_donnees, name="fichier_donnees"),
    path("chiffres-cles/", views.statistiques, name="statistiques"),
    *[
        path(f"{page}/", views.page_legale, {"page": page}, name=page)
        for page in views.PAGES_LEGALES
    ],
]
