from django.urls import path

from . import views

app_name = "pilotage"

urlpatterns = [
    path("", views.tableau, name="tableau"),
    path("conseillers/", views.conseillers, name="conseillers"),
    path("conseillers/<int:pk>/", views.conseiller, name="conseiller"),
    path("gestionnaires/", views.gestionnaires, name="gestionnaires"),
    path("alertes/", views.liste_alertes, name="alertes"),
    path("rapports/", views.mes_obligations, name="obligations"),
    path("rapports/<str:type_>/<str:debut>/", views.deposer, name="deposer"),
    path("rapports-en-retard/", views.obligations_en_retard, name="retards"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/lire/", views.lire_notification, name="lire_notification"),
    path("courriels/", views.catalogue, name="catalogue"),
    path("courriels/<path:gabarit>/", views.apercu_courriel, name="apercu_courriel"),
]
