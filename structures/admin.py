from django.contrib import admin

from .models import Reseau, Structure


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["nom", "siret", "departement"]
    search_fields = ["nom", "siret"]
    raw_id_fields = ["commune"]


@admin.register(Reseau)
class ReseauAdmin(admin.ModelAdmin):
    search_fields = ["nom"]
