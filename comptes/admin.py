from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AdresseEnEchec, ConnexionRole, Evenement, Habilitation, Invitation, Utilisateur
from .roles import Role


def restreindre_admin_a_anct(site: admin.AdminSite) -> None:
    """The technical admin is for national-admin (ANCT) staff only, whatever is_staff says."""

    def has_permission(request):
        return (
            request.user.is_active
            and request.user.is_staff
            and request.user.habilitations.filter(role=Role.ANCT, active=True).exists()
        )

    site.has_permission = has_permission
    site.site_header = "Conseiller numérique – administration technique"
    site.site_title = "Administration Conseiller numérique"


class HabilitationInline(admin.TabularInline):
    model = Habilitation
    fk_name = "utilisateur"
    extra = 0
    autocomplete_fields = ["structure"]
    exclude = ["membres_equipe", "departements"]


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "prenom", "nom", "is_active", "email_verifie_le", "date_joined"]
    search_fields = ["email", "prenom", "nom"]
    list_filter = ["is_active", "is_staff", "habilitations__role"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["prenom", "nom", "telephone"]}),
        ("Statut", {"fields": ["is_active", "email_verifie_le", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    inlines = [HabilitationInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "cree_le", "expire_le", "acceptee_le"]
    list_filter = ["role"]
    search_fields = ["email"]
    raw_id_fields = ["invite_par", "habilitation", "structure"]


@admin.register(Evenement)
class EvenementAdmin(admin.ModelAdmin):
    list_display = ["cree_le", "action", "description", "acteur"]
    list_filter = ["action"]
    search_fields = ["description", "acteur__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConnexionRole)
class ConnexionRoleAdmin(admin.ModelAdmin):
    list_display = ["role", "mot_de_passe_autorise", "modifie_par", "modifie_le"]


@admin.register(AdresseEnEchec)
class AdresseEnEchecAdmin(admin.ModelAdmin):
    list_display = ["email", "motif", "signale_le"]
    search_fields = ["email"]
