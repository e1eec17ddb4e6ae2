from django.urls import path

from . import views

app_name = "candidats"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cv/", views.cv, name="cv"),
    path("inscription/", views.inscription, name="inscription"),
    path("profil/creer/", views.creer_profil, name="creer_profil"),
    path("espace/", views.espace, name="espace"),
    path("espace/modifier/", views.modifier, name="modifier"),
    path("espace/disponibilite/", views.disponibilite, name="disponibilite"),
    path("espace/cv/", views.cv_deposer, name="cv_deposer"),
    path("espace/cv/supprimer/", views.cv_supprimer, name="cv_supprimer"),
    path("espace/pix/", views.pix, name="pix"),
    path("espace/pix/retirer/", views.pix_retirer, name="pix_retirer"),
    path("espace/mes-donnees/", views.mes_donnees, name="mes_donnees"),
    path("espace/supprimer/", views.supprimer, name="supprimer"),
]
