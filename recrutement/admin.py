from django.contrib import admin

from .models import DossierSubvention, HistoriqueMiseEnRelation, MiseEnRelation, RappelRecrutement


class HistoriqueEnLigne(admin.TabularInline):
    model = HistoriqueMiseEnRelation
    extra = 0
    can_delete = False
    fields = ["le", "de", "vers", "acteur", "par", "motif"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MiseEnRelation)
class MiseEnRelationAdmin(admin.ModelAdmin):
    """Read only: every change goes through the services (history, audit, e-mails)."""

    list_display = ["pk", "candidat", "structure", "statut", "origine", "statut_modifie_le"]
    list_filter = ["statut", "origine"]
    search_fields = ["structure__nom", "structure__siret", "candidat__utilisateur__nom"]
    list_select_related = ["candidat__utilisateur", "structure"]
    raw_id_fields = ["candidat", "structure", "poste", "renouvelle", "cree_par", "validee_par"]
    inlines = [HistoriqueEnLigne]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DossierSubvention)
class DossierSubventionAdmin(admin.ModelAdmin):
    list_display = ["pk", "structure", "mise_en_relation", "statut", "ouvert_le", "annule_le"]
    list_filter = ["statut"]
    raw_id_fields = ["structure", "mise_en_relation"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(RappelRecrutement)
class RappelRecrutementAdmin(admin.ModelAdmin):
    list_display = ["structure", "echeance", "jours_avant", "envoye_le", "destinataires"]
    raw_id_fields = ["structure"]

    def has_change_permission(self, request, obj=None):
        return False
