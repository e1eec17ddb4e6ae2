"""Demo accounts: one per role, all with the same printed password."""

from django.utils import timezone

from territoires.models import Departement

from .models import Habilitation, MembreEquipe, Utilisateur
from .roles import Role

MOT_DE_PASSE_DEMO = "Demo-Conum-2026!"


def _compte(email: str, prenom: str, nom: str, **extra) -> Utilisateur:
    utilisateur, cree = Utilisateur.objects.get_or_create(
        email=email,
        defaults={"prenom": prenom, "nom": nom, "email_verifie_le": timezone.now(), **extra},
    )
    if cree:
        utilisateur.set_password(MOT_DE_PASSE_DEMO)
        utilisateur.save()
    return utilisateur


def _habiliter(utilisateur, role, **portee) -> Habilitation:
    habilitation, _ = Habilitation.objects.get_or_create(
        utilisateur=utilisateur, role=role, **portee
    )
    return habilitation


def creer(contexte: dict) -> None:
    """Adds (role label, e-mail, scope) lines to contexte["comptes"] for the printed table."""
    bordeaux = contexte["structures"]["21330063500017"]
    reseau, organisme = contexte["reseau"], contexte["organisme"]
    gironde = Departement.objects.get(code="33")
    comptes = []

    def ajouter(role, email, prenom, nom, portee_libelle="", extra=None, **portee):
        utilisateur = _compte(email, prenom, nom, **(extra or {}))
        habilitation = _habiliter(utilisateur, role, **portee)
        comptes.append((Role(role).label, email, portee_libelle or habilitation.libelle_portee()))
        return habilitation

    ajouter(
        Role.ANCT,
        "anct@demo.conseiller-numerique.fr",
        "Agnès",
        "Nationale",
        "France entière",
        extra={"is_staff": True, "is_superuser": True},
    )
    ajouter(
        Role.PREFECTURE,
        "prefecture33@demo.conseiller-numerique.fr",
        "Paul",
        "Préfet",
        departement=gironde,
    )
    hub = ajouter(Role.HUB, "hub@demo.conseiller-numerique.fr", "Hélène", "Hub")
    hub.departements.set(Departement.objects.filter(code__in=["33", "24", "47", "40", "64"]))
    comptes[-1] = (comptes[-1][0], comptes[-1][1], hub.libelle_portee())
    ajouter(
        Role.STRUCTURE,
        "structure@demo.conseiller-numerique.fr",
        "Sophie",
        "Gestionnaire",
        structure=bordeaux,
    )
    ajouter(
        Role.GRAND_RESEAU, "reseau@demo.conseiller-numerique.fr", "Rémi", "Réseau", reseau=reseau
    )
    ajouter(
        Role.OPERATEUR,
        "operateur@demo.conseiller-numerique.fr",
        "Olivier",
        "Opérateur",
        "France entière",
    )
    ajouter(
        Role.ORGANISME_FORMATION,
        "formation@demo.conseiller-numerique.fr",
        "Fanny",
        "Formatrice",
        organisme=organisme,
    )
    ajouter(Role.CANDIDAT, "candidat@demo.conseiller-numerique.fr", "Camille", "Candidate")
    conseillers = [
        ajouter(
            Role.CONSEILLER,
            f"conseiller{i}@demo.conseiller-numerique.fr",
            prenom,
            "Conseil",
            structure=bordeaux,
        )
        for i, prenom in enumerate(["Nadia", "Yanis", "Lucie"], start=1)
    ]
    del comptes[-2:]  # one line per role in the printed table
    coordination = ajouter(
        Role.COORDINATEUR,
        "coordinateur@demo.conseiller-numerique.fr",
        "Karim",
        "Coordinateur",
        "3 conseillers suivis",
        structure=bordeaux,
    )
    for h in conseillers:
        MembreEquipe.objects.get_or_create(
            coordination=coordination, conseiller=h.utilisateur, fin=None
        )
    contexte["comptes"].extend(comptes)
    contexte["conseillers"] = [h.utilisateur for h in conseillers]
    contexte["coordination"] = coordination
