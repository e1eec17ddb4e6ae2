"""Technical admin of the activity data: read-only, because every change must go through
the services (which keep the statistics rollups in step)."""

from django.contrib import admin

from .models import Activite, Beneficiaire, Lieu


class LectureSeule(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activite)
class ActiviteAdmin(LectureSeule):
    list_display = [
        "pk",
        "date",
        "type",
        "participants",
        "conseiller",
        "departement",
        "supprime_le",
    ]
    list_filter = ["type", "type_lieu"]
    search_fields = ["conseiller__email", "titre_atelier"]
    date_hierarchy = "date"
    list_select_related = ["conseiller", "departement"]
    show_full_result_count = False


@admin.register(Lieu)
class LieuAdmin(LectureSeule):
    list_display = ["nom", "commune", "conseiller", "visible_cartographie", "supprime_le"]
    list_filter = ["visible_cartographie"]
    search_fields = ["nom", "commune__nom", "conseiller__email"]
    list_select_related = ["commune", "conseiller"]


@admin.register(Beneficiaire)
class BeneficiaireAdmin(LectureSeule):
    list_display = ["pk", "conseiller", "anonyme", "cree_le", "supprime_le"]
    list_filter = ["anonyme"]
    # Identities are the advisor's business: the admin shows no name or contact.
    fields = ["conseiller", "anonyme", "genre", "statut_social", "cree_le", "supprime_le"]
    list_select_related = ["conseiller"]
