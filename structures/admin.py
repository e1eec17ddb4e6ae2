from django.contrib import admin

from .models import Reseau, Structure


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["nom", "siret", "type", "statut", "departement", "reseau"]
    list_filter = ["statut", "type", "reseau"]
    search_fields = ["nom", "siret"]
    raw_id_fields = ["commune", "doublon_de"]
    readonly_fields = ["statut", "doublon_de", "statut_modifie_le", "cree_le"]


@admin.register(Reseau)
class ReseauAdmin(admin.ModelAdmin):
    search_fields = ["nom"]
