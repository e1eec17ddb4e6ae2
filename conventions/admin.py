from django.contrib import admin

from .models import (
    Avenant,
    Contrat,
    Convention,
    Poste,
    Remboursement,
    Subvention,
    Suspension,
    Tranche,
)


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


class LectureSeule(admin.ModelAdmin):
    """Contracts and subsidies change through the services (locks, rules, audit events)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contrat)
class ContratAdmin(LectureSeule):
    list_display = ["candidat", "structure", "type_contrat", "date_debut", "date_fin", "statut"]
    list_filter = ["statut", "type_contrat"]
    search_fields = ["structure__nom", "candidat__utilisateur__nom"]
    raw_id_fields = ["mise_en_relation", "poste", "structure", "candidat", "renouvelle"]


@admin.register(Subvention)
class SubventionAdmin(LectureSeule):
    list_display = ["convention", "montant", "bareme", "date_reference"]
    raw_id_fields = ["convention", "poste", "dossier", "mise_en_relation", "transferee_depuis"]


@admin.register(Tranche)
class TrancheAdmin(LectureSeule):
    list_display = ["subvention", "rang", "montant", "due_le", "statut", "payee_le"]
    list_filter = ["statut", "rang"]


@admin.register(Suspension)
class SuspensionAdmin(LectureSeule):
    list_display = ["convention", "motif", "debut", "levee_le"]
    list_filter = ["motif"]


@admin.register(Remboursement)
class RemboursementAdmin(LectureSeule):
    list_display = ["convention", "montant", "statut", "demande_le", "recu_le"]
