from django.contrib import admin

from .models import OrganismeFormation


@admin.register(OrganismeFormation)
class OrganismeFormationAdmin(admin.ModelAdmin):
    search_fields = ["nom"]
