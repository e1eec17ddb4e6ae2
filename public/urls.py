from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    *[
        path(f"{page}/", views.page_legale, {"page": page}, name=page)
        for page in views.PAGES_LEGALES
    ],
]
