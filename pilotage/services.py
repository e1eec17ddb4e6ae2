"""Changes made by pilotage: reports handed in by host structures, and the scheduled
e-mails (each recorded under a key, so that a second run sends nothing more)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comptes.acces import Perimetre
from comptes.journal import journaliser
from comptes.models import Utilisateur
from comptes.notifications import notifier
from comptes.roles import Role
from noyau import courriels
from structures.models import Structure

from . import alertes, obligations, rules
from .models import EnvoiProgramme, RapportStructure

NATIONAL = Perimetre(role=Role.ANCT, national=True)


class ActionImpossible(Exception):
    """A business rule refuses the action; the message is shown to the user as is."""


# --- Reports handed in by a host structure ---------------------------------------------------


@transaction.atomic
def deposer_rapport(
    structure: Structure,
    type_: str,
    periode_debut: date,
    *,
    par,
    conseiller=None,
    materiel_fourni: bool | None = None,
    frais_deplacement: bool | None = None,
    espace_travail: bool | None = None,
    montant_utilise: Decimal | None = None,
    commentaire: str = "",
    aujourd_hui: date | None = None,
    request=None,
) -> RapportStructure:
    """Hand in the report of one period that has ended. Twice for the same period (a double
    click, two managers at once) is refused with a message: the structure row is locked and
    the database keeps one report per period."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    attendues = {
        o.periode.debut: o
        for o in obligations.obligations(
            Structure.objects.filter(pk=structure.pk), aujourd_hui, types=[type_]
        )
    }
    obligation = attendues.get(periode_debut)
    if obligation is None:
        raise ActionImpossible("Aucun rapport n’est attendu pour cette période.")
    if obligation.rapport is not None:
        raise ActionImpossible("Le rapport de cette période a déjà été déposé.")
    if type_ == rules.CONDITIONS_ACCUEIL and None in (
        materiel_fourni,
        frais_deplacement,
        espace_travail,
    ):
        raise ActionImpossible("Répondez aux trois questions sur les conditions d’accueil.")
    if type_ == rules.UTILISATION_SUBVENTION and montant_utilise is None:
        raise ActionImpossible("Indiquez le montant de la subvention utilisé.")
    try:
        with transaction.atomic():
            rapport = RapportStructure.objects.create(
                structure=structure,
                type=type_,
                periode_debut=obligation.periode.debut,
                periode_fin=obligation.periode.fin,
                depose_par=par,
                conseiller=conseiller,
                materiel_fourni=materiel_fourni,
                frais_deplacement=frais_deplacement,
                espace_travail=espace_travail,
                montant_utilise=montant_utilise,
                commentaire=commentaire,
            )
    except IntegrityError:
        raise ActionImpossible("Le rapport de cette période a déjà été déposé.") from None
    journaliser(
        "pilotage.rapport_depose",
        f"{obligation.periode.libelle} déposé par {structure.nom}",
        acteur=par,
        cible=structure,
        details={"type": type_, "periode_debut": periode_debut.isoformat()},
        request=request,
    )
    return rapport


# --- Scheduled e-mails ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Envoi:
    cle: str
    destinataires: tuple[str, ...]
    sujet: str
    gabarit: str
    contexte: dict
    notifies: tuple[int, ...] = ()  # users who also get an in-app notification
    lien: str = ""


def envoyer_une_fois(envoi: Envoi, commande: str) -> bool:
    """Send ``envoi`` unless its key was already sent; True when it was sent now. The
    record, the e-mail job and the in-app notices commit together, or not at all."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                EnvoiProgramme.objects.create(
                    cle=envoi.cle, commande=commande, destinataires=len(envoi.destinataires)
                )
        except IntegrityError:
            return False
        if envoi.destinataires:
            courriels.envoyer(list(envoi.destinataires), envoi.sujet, envoi.gabarit, envoi.contexte)
        for utilisateur in Utilisateur.objects.filter(pk__in=envoi.notifies):
            notifier(utilisateur, envoi.sujet, lien=envoi.lien, cle=envoi.cle)
        journaliser(
            f"pilotage.{commande}",
            f"Courriel programmé envoyé : {envoi.sujet}",
            details={"cle": envoi.cle, "destinataires": len(envoi.destinataires)},
        )
        return True


def _gestionnaires(structure_ids) -> dict[int, list[tuple[int, str]]]:
    lignes = (
        Utilisateur.objects.filter(
            habilitations__role=Role.STRUCTURE,
            habilitations__structure_id__in=structure_ids,
            habilitations__active=True,
            is_active=True,
        )
        .values_list("habilitations__structure_id", "pk", "email")
        .order_by("pk")
        .distinct()
    )
    resultat: dict[int, list[tuple[int, str]]] = {}
    for structure_id, pk, email in lignes:
        resultat.setdefault(structure_id, []).append((pk, email))
    return resultat


def _url(nom: str, *args) -> str:
    return settings.SITE_URL + reverse(nom, args=args)


def envois_quotidiens(aujourd_hui: date) -> list[Envoi]:
    """What the daily command sends: advisors silent for two months (and their managers),
    conventions ending within three months, reporting reminders and late reports."""
    envois: list[Envoi] = []
    silencieux = alertes.sans_cra(NATIONAL, aujourd_hui)
    fins = alertes.fins_convention(NATIONAL, aujourd_hui)
    rappels = obligations.a_rappeler(Structure.objects.all(), aujourd_hui)
    structures = (
        {a.structure_id for a in silencieux}
        | {a.structure_id for a in fins}
        | {o.structure.pk for o, _ in rappels}
    )
    gestionnaires = _gestionnaires(structures)
    conseillers = dict(
        Utilisateur.objects.filter(
            pk__in=[a.conseiller_id for a in silencieux], is_active=True
        ).values_list("pk", "email")
    )
    for a in silencieux:
        equipe = gestionnaires.get(a.structure_id, [])
        moi = (
            [(a.conseiller_id, conseillers[a.conseiller_id])]
            if a.conseiller_id in conseillers
            else []
        )
        envois.append(
            Envoi(
                cle=a.cle,
                destinataires=tuple(e for _, e in moi + equipe),
                sujet="Aucun compte rendu d’activité depuis deux mois",
                gabarit="pilotage/courriels/sans_cra",
                contexte={
                    "conseiller": a.objet,
                    "detail": a.detail,
                    "lien": _url("activite:nouveau"),
                },
                notifies=tuple(pk for pk, _ in moi + equipe),
                lien=reverse("activite:nouveau"),
            )
        )
    for a in fins:
        equipe = gestionnaires.get(a.structure_id, [])
        envois.append(
            Envoi(
                cle=a.cle,
                destinataires=tuple(e for _, e in equipe),
                sujet="Votre convention se termine bientôt",
                gabarit="pilotage/courriels/fin_convention",
                contexte={
                    "structure": a.objet,
                    "detail": a.detail,
                    "lien": _url("instruction:mes_demandes"),
                },
                notifies=tuple(pk for pk, _ in equipe),
                lien=reverse("instruction:mes_demandes"),
            )
        )
    for o, seuil in rappels:
        equipe = gestionnaires.get(o.structure.pk, [])
        en_retard = seuil == 0 and o.periode.echeance < aujourd_hui
        envois.append(
            Envoi(
                cle=f"obligation:{o.structure.pk}:{o.periode.type}:{o.periode.debut}:{seuil}",
                destinataires=tuple(e for _, e in equipe),
                sujet=("Rapport en retard : " if en_retard else "Rapport à déposer : ")
                + rules.OBLIGATIONS[o.periode.type][0].lower(),
                gabarit="pilotage/courriels/obligation",
                contexte={
                    "structure": o.structure.nom,
                    "periode": o.periode,
                    "en_retard": en_retard,
                    "lien": _url("pilotage:obligations"),
                },
                notifies=tuple(pk for pk, _ in equipe),
                lien=reverse("pilotage:obligations"),
            )
        )
    envois.extend(_rappels_module_annuel(aujourd_hui))
    return envois


def _rappels_module_annuel(aujourd_hui: date) -> list[Envoi]:
    """Advisors late on their yearly thematic module, and coordinators without module 1
    [002 « Formation continue : Obligatoire, 1 module thématique / an »; coordinators:
    « MODULE 1 … Obligatoire »]: the advisor and the structure's managers, once per year
    missed (the key names the latest missed year), once for module 1."""
    from formation.selectors import avec_apprenants, en_retard

    retards = avec_apprenants(en_retard(NATIONAL, aujourd_hui))
    gestionnaires = _gestionnaires({r.apprenant.mise_en_relation.structure_id for r in retards})
    envois = []
    for r in retards:
        mer = r.apprenant.mise_en_relation
        utilisateur = mer.candidat.utilisateur
        moi = [(utilisateur.pk, utilisateur.email)] if utilisateur.is_active else []
        equipe = gestionnaires.get(mer.structure_id, [])
        if r.module_1_manquant:
            cle, sujet = f"module_1:{r.apprenant_id}", "Module 1 des coordinateurs à suivre"
        else:
            cle = f"module_annuel:{r.apprenant_id}:{max(r.annees)}"
            sujet = "Module annuel de formation continue non suivi"
        envois.append(
            Envoi(
                cle=cle,
                destinataires=tuple(e for _, e in moi + equipe),
                sujet=sujet,
                gabarit="pilotage/courriels/module_annuel",
                contexte={
                    "conseiller": utilisateur.nom_complet,
                    "module_1": r.module_1_manquant,
                    "annees": ", ".join(str(a) for a in r.annees),
                    "lien": _url("formation:mon_parcours"),
                },
                notifies=tuple(pk for pk, _ in moi + equipe),
                lien=reverse("formation:mon_parcours"),
            )
        )
    return envois


def executer_quotidien(
    aujourd_hui: date | None = None, executer: bool = False
) -> list[tuple[Envoi, bool]]:
    """Without ``executer``: what would be sent (keys already sent are marked False)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    envois = envois_quotidiens(aujourd_hui)
    if not executer:
        deja = set(
            EnvoiProgramme.objects.filter(cle__in=[e.cle for e in envois]).values_list(
                "cle", flat=True
            )
        )
        return [(e, e.cle not in deja) for e in envois]
    return [(e, envoyer_une_fois(e, "quotidien")) for e in envois]
