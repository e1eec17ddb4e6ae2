from django.contrib import admin

from .models import Candidat


@admin.register(Candidat)
class CandidatAdmin(admin.ModelAdmin):
    """Read-mostly: every change of a candidate goes through the services (and the log)."""

    list_display = ["pk", "utilisateur", "departement", "statut", "cree_le", "supprime_le"]
    list_filter = ["statut", "sexe", "distance_max"]
    search_fields = ["utilisateur__email", "utilisateur__nom", "commune__nom"]
    raw_id_fields = ["utilisateur", "commune"]
    readonly_fields = [
        "cv",
        "cv_depose_le",
        "consentement_le",
        "statut",
        "statut_modifie_le",
        "cree_le",
        "modifie_le",
        "supprime_le",
        "motif_suppression",
        "tranche_naissance",
        "departement",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
