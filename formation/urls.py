from django.urls import path

from . import views

app_name = "formation"

urlpatterns = [
    path("apprenants/", views.apprenants, name="apprenants"),
    path("conseillers/", views.conseillers, name="conseillers"),
    path("apprenants/<int:pk>/", views.apprenant, name="apprenant"),
    path("apprenants/<int:pk>/positionner/", views.positionner, name="positionner"),
    path("apprenants/<int:pk>/dispenser/", views.dispenser, name="dispenser"),
    path("apprenants/<int:pk>/inscrire/", views.inscrire, name="inscrire"),
    path("apprenants/<int:pk>/valider/", views.valider, name="valider"),
    path("apprenants/<int:pk>/resultats/", views.resultats, name="resultats"),
    path("apprenants/<int:pk>/abandon/", views.abandon, name="abandon"),
    path("apprenants/<int:pk>/module/", views.module, name="module"),
    path("apprenants/<int:pk>/reaffecter/", views.reaffecter, name="reaffecter"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/ouvrir/", views.ouvrir, name="ouvrir"),
    path("sessions/<int:pk>/presences/", views.presences, name="presences"),
    path("ma-formation/", views.mon_parcours, name="mon_parcours"),
    path("module-annuel-en-retard/", views.retards, name="retards"),
]
