from django.contrib import admin

from .models import Avenant, Convention, Poste


class PosteInline(admin.TabularInline):
    model = Poste
    extra = 0
    can_delete = False
    fields = ["type", "etat", "date_attribution", "recruter_avant", "date_rendu"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    """Read-only: conventions and posts change through the committee's services."""

    list_display = ["structure", "phase", "statut", "date_decision", "date_fin"]
    list_filter = ["statut", "phase"]
    search_fields = ["structure__nom", "structure__siret"]
    raw_id_fields = ["structure", "decision"]
    inlines = [PosteInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Avenant)
class AvenantAdmin(admin.ModelAdmin):
    list_display = ["convention", "type_poste", "nombre_postes", "date_decision", "statut"]
    raw_id_fields = ["convention", "decision"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Poste)
class PosteAdmin(admin.ModelAdmin):
    list_display = ["structure", "type", "etat", "date_attribution", "recruter_avant", "date_rendu"]
    list_filter = ["etat", "type"]
    search_fields = ["structure__nom", "structure__siret"]
    raw_id_fields = [
        "convention",
        "structure",
        "avenant",
        "decision_attribution",
        "decision_rendu",
        "origine_transfert",
    ]

    def has_change_permission(self, request, obj=None):
        return False
