from django.contrib import admin

from .models import DecisionComite, Demande, HistoriqueDemande


class HistoriqueInline(admin.TabularInline):
    model = HistoriqueDemande
    extra = 0
    can_delete = False
    readonly_fields = ["de", "vers", "le", "par", "motif"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Demande)
class DemandeAdmin(admin.ModelAdmin):
    """Read-only: statuses change through the services, which keep the history."""

    list_display = ["structure", "type", "statut", "nombre_postes", "deposee_le"]
    list_filter = ["type", "statut"]
    search_fields = ["structure__nom", "structure__siret"]
    raw_id_fields = ["structure", "structure_origine", "deposee_par"]
    inlines = [HistoriqueInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DecisionComite)
class DecisionComiteAdmin(admin.ModelAdmin):
    list_display = ["structure", "numero_comite", "date_comite", "avis", "nombre_postes", "phase"]
    list_filter = ["avis", "phase", "type_poste"]
    search_fields = ["structure__nom", "structure__siret"]
    raw_id_fields = ["structure", "demande", "saisie_par"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
