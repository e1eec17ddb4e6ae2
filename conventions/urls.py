from django.urls import path

from . import views, views_contrats

app_name = "conventions"

urlpatterns = [
    # Operator (and ANCT): subsidy files, conventions, payment calendar.
    path("dossiers/", views.dossiers, name="dossiers"),
    path("dossiers/<int:pk>/", views.dossier, name="dossier"),
    path("dossiers/<int:pk>/pieces/", views.deposer_piece, name="deposer_piece"),
    path("dossiers/<int:pk>/instruire/", views.instruire, name="instruire"),
    path("pieces/<int:pk>/", views.piece, name="piece"),
    path("pieces/<int:pk>/verifier/", views.verifier_piece, name="verifier_piece"),
    path("", views.conventions, name="conventions"),
    path("<int:pk>/", views.convention, name="convention"),
    path("<int:pk>/signer/", views.signer, name="signer"),
    path("<int:pk>/suspendre/", views.suspendre, name="suspendre"),
    path("<int:pk>/lever/", views.lever, name="lever"),
    path("<int:pk>/rembourser/", views.rembourser, name="rembourser"),
    path("tranches/<int:pk>/", views.tranche, name="tranche"),
    path("subventions/<int:pk>/transferer/<int:poste_pk>/", views.transferer, name="transferer"),
    path("calendrier/", views.calendrier, name="calendrier"),
    path("renouvellements/", views.renouvellements, name="renouvellements"),
    path(
        "renouvellements/<int:pk>/",
        views.traiter_renouvellement,
        name="traiter_renouvellement",
    ),
    # Structures: their convention, contracts, ruptures and extensions.
    path("ma-convention/", views.ma_convention, name="ma_convention"),
    path("contrats/<int:pk>/", views_contrats.contrat, name="contrat"),
    path("contrats/<int:pk>/rupture/", views_contrats.rupture, name="rupture"),
    path(
        "contrats/<int:pk>/annuler-rupture/", views_contrats.annuler_rupture, name="annuler_rupture"
    ),
    path("contrats/<int:pk>/prolongation/", views_contrats.prolongation, name="prolongation"),
    path(
        "contrats/<int:pk>/renouveler/",
        views_contrats.renouveler_contrat,
        name="renouveler_contrat",
    ),
    # ANCT: ruptures and extensions to validate.
    path("a-valider/", views_contrats.a_valider, name="a_valider"),
    path("ruptures/<int:pk>/valider/", views_contrats.valider_rupture, name="valider_rupture"),
    path("ruptures/<int:pk>/pieces/", views_contrats.pieces_rupture, name="pieces_rupture"),
    path(
        "renouvellements-contrats/<int:pk>/valider/",
        views_contrats.valider_renouvellement_contrat,
        name="valider_renouvellement_contrat",
    ),
    path(
        "prolongations/<int:pk>/traiter/",
        views_contrats.traiter_prolongation,
        name="traiter_prolongation",
    ),
]
