from django.contrib import admin

from .models import Apprenant, Centre, ModuleSuivi, OrganismeFormation, Session


class CentreInline(admin.TabularInline):
    model = Centre
    autocomplete_fields = ["commune"]
    extra = 0


@admin.register(OrganismeFormation)
class OrganismeFormationAdmin(admin.ModelAdmin):
    search_fields = ["nom"]
    filter_horizontal = ["departements"]
    inlines = [CentreInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["date_debut", "organisme", "centre", "parcours", "statut", "mode"]
    list_filter = ["statut", "mode", "organisme"]
    # State changes go through the services (audit, e-mails, the 8-learner rule).
    readonly_fields = ["statut", "mode", "explication", "ouverte_le"]


class ModuleInline(admin.TabularInline):
    model = ModuleSuivi
    extra = 0
    can_delete = False
    readonly_fields = ["type_module", "code", "heures", "date", "presentiel", "ville"]


@admin.register(Apprenant)
class ApprenantAdmin(admin.ModelAdmin):
    """Read-only: every change is a business action with its audit event (services)."""

    list_display = ["__str__", "organisme", "etat", "parcours", "date_prise_poste"]
    list_filter = ["etat", "organisme", "coordinateur"]
    search_fields = [
        "mise_en_relation__candidat__utilisateur__nom",
        "mise_en_relation__candidat__utilisateur__email",
    ]
    inlines = [ModuleInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
