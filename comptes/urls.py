from django.urls import path

from . import proconnect, suivi_courriels, views

app_name = "comptes"

urlpatterns = [
    path("comptes/connexion/", views.Connexion.as_view(), name="connexion"),
    path("comptes/deconnexion/", views.Deconnexion.as_view(), name="deconnexion"),
    path("comptes/proconnect/", proconnect.DebutProConnect.as_view(), name="proconnect"),
    path(
        "comptes/proconnect/retour/",
        proconnect.RetourProConnect.as_view(),
        name="proconnect_retour",
    ),
    path("courriels/suivi/brevo/", suivi_courriels.SuiviBrevo.as_view(), name="suivi_brevo"),
    path("comptes/inscription/", views.inscription, name="inscription"),
    path("comptes/inscription/envoyee/", views.inscription_envoyee, name="inscription_envoyee"),
    path("comptes/verifier/<str:jeton>/", views.verifier_email, name="verifier_email"),
    path(
        "comptes/mot-de-passe/oublie/", views.MotDePasseOublie.as_view(), name="mot_de_passe_oublie"
    ),
    path(
        "comptes/mot-de-passe/envoye/", views.MotDePasseEnvoye.as_view(), name="mot_de_passe_envoye"
    ),
    path(
        "comptes/mot-de-passe/reinitialiser/<uidb64>/<token>/",
        views.MotDePasseReinitialiser.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "comptes/mot-de-passe/termine/",
        views.MotDePasseTermine.as_view(),
        name="mot_de_passe_termine",
    ),
    path("comptes/invitation/<str:jeton>/", views.invitation, name="invitation"),
    path("comptes/role/", views.changer_role, name="changer_role"),
    path("espace/", views.espace, name="espace"),
    path("espace/anct/invitations/", views.invitations, name="invitations"),
    path("espace/anct/connexion/", views.modes_connexion, name="modes_connexion"),
    path("espace/anct/journal/", views.journal, name="journal"),
    path("espace/anct/journal/<int:pk>/", views.evenement, name="evenement"),
    path("espace/structure/gestionnaires/", views.gestionnaires, name="gestionnaires"),
    path("espace/coordinateur/equipe/", views.equipe, name="equipe"),
    path("espace/equipe/<int:pk>/terminer/", views.equipe_terminer, name="equipe_terminer"),
    path("espace/conseiller/coordination/", views.mes_coordinations, name="mes_coordinations"),
    path("comptes/equipe/<str:jeton>/", views.equipe_invitation, name="equipe_invitation"),
    path("espace/<str:role>/", views.accueil_role, name="accueil_role"),
]
