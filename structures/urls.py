from django.urls import path

from . import views

app_name = "structures"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/", views.detail, name="detail"),
    path("inscription/", views.inscription, name="inscription"),
    path("inscription/envoyee/", views.inscription_envoyee, name="inscription_envoyee"),
    path("espace/", views.espace, name="espace"),
    path("espace/documents/<slug:slug>/", views.document, name="document"),
    path(
        "espace/documents/<slug:slug>/telecharger/<str:format>/",
        views.document_bureautique,
        name="document_format",
    ),
    path(
        "espace/documents/<slug:slug>/telecharger/",
        views.telecharger_document,
        name="telecharger_document",
    ),
]
