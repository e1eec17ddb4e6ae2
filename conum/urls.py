from django.contrib import admin
from django.urls import include, path

from comptes.admin import restreindre_admin_a_anct

restreindre_admin_a_anct(admin.site)

urlpatterns = [
    path("", include("public.urls")),
    path("", include("comptes.urls")),
    path("territoires/", include("territoires.urls")),
    path("structures/", include("structures.urls")),
    path("candidats/", include("candidats.urls")),
    path("recrutement/", include("recrutement.urls")),
    path("instruction/", include("instruction.urls")),
    path("conventions/", include("conventions.urls")),
    path("activite/", include("activite.urls")),
    path("formation/", include("formation.urls")),
    path("pilotage/", include("pilotage.urls")),
    path("api/", include("api.urls")),
    path("administration/", admin.site.urls),
]

handler400 = "public.views.erreur_400"
handler403 = "public.views.erreur_403"
handler404 = "public.views.erreur_404"
handler500 = "public.views.erreur_500"
