"""Reference data: browsable and searchable, but changed only by `charger_territoires`."""

from django.contrib import admin

from .models import Commune, Departement, Region
from .rules import normaliser


class LectureSeuleAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(LectureSeuleAdmin):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


@admin.register(Departement)
class DepartementAdmin(LectureSeuleAdmin):
    list_display = ["code", "nom", "region", "type", "outre_mer", "population", "chef_lieu"]
    list_filter = ["type", "outre_mer", "region"]
    search_fields = ["code", "nom"]
    list_select_related = ["region"]


@admin.register(Commune)
class CommuneAdmin(LectureSeuleAdmin):
    list_display = ["code_insee", "nom", "departement", "codes_postaux", "population"]
    list_filter = ["departement__outre_mer", "departement__type", "departement"]
    search_fields = ["code_insee", "nom_recherche"]
    list_select_related = ["departement"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        terme = search_term.strip()
        if terme.isdigit() and len(terme) == 5:
            resultats = queryset.filter(codes_postaux__contains=[terme]) | queryset.filter(
                code_insee=terme
            )
            return resultats, False
        return super().get_search_results(request, queryset, normaliser(terme))
