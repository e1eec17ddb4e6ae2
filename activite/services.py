"""Every change to activity data: one transaction, the rollups updated in it, one audit event.

Reports: ``creer_activite``, ``modifier_activite``, ``supprimer_activite`` (soft delete).
Each computes the report's contribution before and after the change and applies the
difference to the rollups (``agregats.appliquer``), then refreshes the advisor's last
report date (``agregats.recalculer_dernier_cra``), in the same transaction.

Beneficiaries: ``creer_beneficiaire``, ``modifier_beneficiaire`` (their reports' snapshot
follows, with the rollups), ``supprimer_beneficiaire`` (anonymises, statistics kept).

Places: ``creer_lieu``, ``modifier_lieu``, ``supprimer_lieu`` (soft delete).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from comptes.journal import journaliser
from comptes.selectors import conseillers_en_poste

from . import agregats
from .choix import Genre, StatutSocial, TrancheAge, TypeActivite, TypeLieu
from .models import Activite, Beneficiaire, Lieu
from .rules import (
    CHAMPS_GENRE,
    CHAMPS_STATUT,
    CHAMPS_TRANCHE,
    contribution,
    difference,
    erreurs_thematiques,
    tranche_age,
)


class ActionImpossible(Exception):
    """A business rule refuses the action; the message is shown to the user as is."""


def structure_employeuse(conseiller):
    """The advisor's employer today (the structure of their conseiller habilitation).

    Read once per user object (one request, or one batch of writes)."""
    if not hasattr(conseiller, "_structure_employeuse"):
        habilitation = (
            conseillers_en_poste()
            .filter(utilisateur=conseiller)
            .select_related("structure__commune")
            .order_by("pk")
            .first()
        )
        conseiller._structure_employeuse = habilitation.structure if habilitation else None
    return conseiller._structure_employeuse


# --- Reports --------------------------------------------------------------------------------


def _verifier(conseiller, donnees: dict, aujourd_hui: date) -> None:
    if donnees["date"] > aujourd_hui:
        raise ActionImpossible("La date de l’accompagnement ne peut pas être dans le futur.")
    erreurs = erreurs_thematiques(donnees["thematiques"], donnees.get("precisions_demarche", ""))
    if erreurs:
        raise ActionImpossible(erreurs[0])
    lieu = donnees.get("lieu")
    if donnees["type_lieu"] == TypeLieu.LIEU_ACTIVITE and (
        lieu is None or lieu.conseiller_id != conseiller.pk or lieu.supprime_le
    ):
        raise ActionImpossible("Choisissez un de vos lieux d’activité.")
    beneficiaire = donnees.get("beneficiaire")
    if beneficiaire is not None and (
        beneficiaire.conseiller_id != conseiller.pk or beneficiaire.supprime_le
    ):
        raise ActionImpossible("Ce bénéficiaire ne fait pas partie des vôtres.")


def _localiser(activite: Activite, donnees: dict, structure) -> None:
    """Where the accompaniment took place: place, or commune, or the employer's commune."""
    activite.type_lieu = donnees["type_lieu"]
    activite.lieu = None
    commune = donnees.get("commune")
    if activite.type_lieu == TypeLieu.LIEU_ACTIVITE:
        activite.lieu = donnees["lieu"]
        commune = activite.lieu.commune
    elif activite.type_lieu == TypeLieu.A_DISTANCE and commune is None and structure:
        commune = structure.commune
    if commune is None and activite.type_lieu != TypeLieu.A_DISTANCE:
        raise ActionImpossible("Indiquez la commune de l’accompagnement.")
    activite.commune = commune
    if commune is not None:
        activite.departement_id = commune.departement_id
    elif structure is not None:
        activite.departement_id = structure.departement_id
    else:
        activite.departement_id = None


def _profil_individuel(activite: Activite, donnees: dict) -> None:
    """One person: the registered beneficiary's profile, else what the form says."""
    beneficiaire = donnees.get("beneficiaire")
    activite.beneficiaire = beneficiaire
    if beneficiaire is not None:
        genre, statut = beneficiaire.genre, beneficiaire.statut_social
        tranche = tranche_age(beneficiaire.annee_naissance, activite.date.year)
        activite.commune_residence = beneficiaire.commune
        # deja_accompagnes follows from the beneficiary's history (_recalculer_premiers).
        activite.deja_accompagnes = min(activite.deja_accompagnes, 1)
    else:
        genre = donnees.get("genre") or Genre.NON_COMMUNIQUE
        tranche = donnees.get("tranche_age") or TrancheAge.NON_COMMUNIQUE
        statut = donnees.get("statut_social") or StatutSocial.NON_COMMUNIQUE
        activite.commune_residence = donnees.get("commune_residence")
        activite.deja_accompagnes = 1 if donnees.get("deja_accompagne") else 0
    activite.participants = 1
    for champ in (*CHAMPS_GENRE, *CHAMPS_TRANCHE, *CHAMPS_STATUT):
        setattr(activite, champ, 0)
    setattr(activite, f"genre_{genre}", 1)
    setattr(activite, f"tranche_{tranche}", 1)
    setattr(activite, f"statut_{statut}", 1)
    activite.autonomie = donnees.get("autonomie") or ""
    activite.oriente_vers_structure = donnees.get("oriente_vers_structure")
    activite.structure_de_redirection = (
        donnees.get("structure_de_redirection") or "" if activite.oriente_vers_structure else ""
    )
    activite.titre_atelier = ""
    activite.niveau = ""


def _profil_collectif(activite: Activite, donnees: dict) -> None:
    activite.beneficiaire = None
    activite.commune_residence = None
    activite.autonomie = ""
    activite.oriente_vers_structure = None
    activite.structure_de_redirection = ""
    activite.titre_atelier = donnees.get("titre_atelier") or ""
    activite.niveau = donnees.get("niveau") or ""
    activite.participants = donnees["participants"]
    activite.deja_accompagnes = donnees.get("deja_accompagnes") or 0
    if activite.deja_accompagnes > activite.participants:
        raise ActionImpossible(
            "Le nombre de participants déjà accompagnés dépasse le nombre de participants."
        )
    for prefixe, cle in (("genre", "genres"), ("tranche", "tranches"), ("statut", "statuts")):
        repartition = donnees[cle]
        if sum(repartition.values()) != activite.participants:
            raise ActionImpossible(
                f"La répartition ({prefixe}) ne correspond pas au nombre de participants."
            )
        for valeur, n in repartition.items():
            setattr(activite, f"{prefixe}_{valeur}", n)


def _remplir(activite: Activite, donnees: dict, structure) -> None:
    activite.type = donnees["type"]
    activite.date = donnees["date"]
    activite.duree = donnees["duree"]
    activite.thematiques = list(dict.fromkeys(donnees["thematiques"]))
    activite.precisions_demarche = (donnees.get("precisions_demarche") or "").strip()
    activite.materiel = list(dict.fromkeys(donnees.get("materiel") or []))
    activite.notes = donnees.get("notes") or ""
    _localiser(activite, donnees, structure)
    if activite.type == TypeActivite.INDIVIDUEL:
        _profil_individuel(activite, donnees)
    else:
        _profil_collectif(activite, donnees)


def _verrouiller_beneficiaires(*ids) -> None:
    """Lock the beneficiaries whose « first accompaniment » may move, in id order."""
    ids = sorted({i for i in ids if i})
    if ids:
        list(Beneficiaire.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _recalculer_premiers(beneficiaire_id: int | None) -> None:
    """The earliest live report (by date, then id) of a registered beneficiary is their
    first accompaniment; the others count as « déjà accompagné ». Moves are applied to the
    rollups like any edit. The beneficiary's days of presence are recomputed too."""
    if not beneficiaire_id:
        return
    agregats.recalculer_presence_suivi(beneficiaire_id)
    activites = (
        Activite.objects.select_for_update()
        .filter(beneficiaire_id=beneficiaire_id, supprime_le__isnull=True)
        .order_by("date", "pk")
    )
    deltas = []
    for rang, activite in enumerate(activites):
        voulu = 0 if rang == 0 else 1
        if activite.deja_accompagnes != voulu:
            avant = contribution(activite)
            activite.deja_accompagnes = voulu
            activite.save(update_fields=["deja_accompagnes"])
            deltas += difference(avant, contribution(activite))
    agregats.appliquer(deltas)


CONTRAINTE_IDEMPOTENCE = "activite_une_par_cle_idempotence"


def creer_activite(conseiller, donnees: dict, *, cle: str | None = None, request=None) -> Activite:
    """Record one accompaniment or workshop of ``conseiller`` (cleaned form data).

    ``cle`` (the form's hidden token, the API's ``Idempotency-Key``) makes the submission
    idempotent: sent again — a double click, a resubmission after an error whose first
    attempt did commit — it records nothing more and returns the report already recorded,
    with ``deja_enregistree`` set. Two at the same instant: the unique index makes the second
    wait for the first, then fail; it answers with the first's report."""
    if cle:
        existante = _par_cle(conseiller, cle)
        if existante is not None:
            return existante
    try:
        with transaction.atomic():
            activite = _creer_activite(conseiller, donnees, cle, request)
    except IntegrityError as erreur:
        existante = _par_cle(conseiller, cle) if cle else None
        if existante is None or CONTRAINTE_IDEMPOTENCE not in str(erreur):
            raise
        return existante
    activite.deja_enregistree = False
    return activite


def _par_cle(conseiller, cle: str) -> Activite | None:
    existante = Activite.objects.filter(conseiller=conseiller, cle_idempotence=cle).first()
    if existante is not None:
        existante.deja_enregistree = True
    return existante


def _creer_activite(conseiller, donnees: dict, cle: str | None, request) -> Activite:
    _verifier(conseiller, donnees, timezone.localdate())
    beneficiaire = donnees.get("beneficiaire")
    _verrouiller_beneficiaires(beneficiaire.pk if beneficiaire else None)
    structure = structure_employeuse(conseiller)
    activite = Activite(conseiller=conseiller, structure=structure, cle_idempotence=cle or None)
    _remplir(activite, donnees, structure)
    activite.save()
    agregats.appliquer([contribution(activite)])
    _recalculer_premiers(activite.beneficiaire_id)
    agregats.recalculer_dernier_cra(activite.conseiller_id)
    journaliser(
        "activite.creee",
        f"Compte rendu enregistré : {activite.get_type_display().lower()} du "
        f"{activite.date:%d/%m/%Y}",
        acteur=conseiller,
        cible=activite,
        details={"participants": activite.participants},
        request=request,
    )
    return activite


def _verrouiller_activite(activite: Activite) -> Activite:
    actuelle = Activite.objects.select_for_update().get(pk=activite.pk)
    if actuelle.supprime_le is not None:
        raise ActionImpossible("Ce compte rendu a été supprimé.")
    return actuelle


@transaction.atomic
def modifier_activite(activite: Activite, donnees: dict, *, acteur, request=None) -> Activite:
    activite = _verrouiller_activite(activite)
    _verifier(activite.conseiller, donnees, timezone.localdate())
    ancien_beneficiaire = activite.beneficiaire_id
    nouveau = donnees.get("beneficiaire")
    _verrouiller_beneficiaires(ancien_beneficiaire, nouveau.pk if nouveau else None)
    avant = contribution(activite)
    _remplir(activite, donnees, activite.structure)
    activite.modifie_le = timezone.now()
    activite.save()
    agregats.appliquer(difference(avant, contribution(activite)))
    for beneficiaire_id in sorted({ancien_beneficiaire, activite.beneficiaire_id} - {None}):
        _recalculer_premiers(beneficiaire_id)
    agregats.recalculer_dernier_cra(activite.conseiller_id)
    journaliser(
        "activite.modifiee",
        f"Compte rendu modifié : {activite.get_type_display().lower()} du {activite.date:%d/%m/%Y}",
        acteur=acteur,
        cible=activite,
        request=request,
    )
    return activite


@transaction.atomic
def supprimer_activite(activite: Activite, *, acteur, request=None) -> None:
    activite = _verrouiller_activite(activite)
    _verrouiller_beneficiaires(activite.beneficiaire_id)
    avant = contribution(activite)
    activite.supprime_le = timezone.now()
    activite.save(update_fields=["supprime_le"])
    agregats.appliquer(difference(avant, None))
    _recalculer_premiers(activite.beneficiaire_id)
    agregats.recalculer_dernier_cra(activite.conseiller_id)
    journaliser(
        "activite.supprimee",
        f"Compte rendu supprimé : {activite.get_type_display().lower()} du "
        f"{activite.date:%d/%m/%Y}",
        acteur=acteur,
        cible=activite,
        request=request,
    )


# --- Beneficiaries --------------------------------------------------------------------------

CHAMPS_BENEFICIAIRE = [
    "prenom",
    "nom",
    "annee_naissance",
    "commune",
    "adresse",
    "telephone",
    "pas_de_telephone",
    "email",
    "genre",
    "statut_social",
    "notes",
]
# What the reports copy from their registered beneficiary.
_PROFIL = ("annee_naissance", "commune_id", "genre", "statut_social")


@transaction.atomic
def creer_beneficiaire(conseiller, donnees: dict, *, request=None) -> Beneficiaire:
    beneficiaire = Beneficiaire(conseiller=conseiller)
    for champ in CHAMPS_BENEFICIAIRE:
        setattr(beneficiaire, champ, donnees.get(champ, getattr(beneficiaire, champ)))
    beneficiaire.save()
    journaliser(
        "beneficiaire.cree",
        "Bénéficiaire enregistré",
        acteur=conseiller,
        cible=beneficiaire,
        request=request,
    )
    return beneficiaire


@transaction.atomic
def modifier_beneficiaire(beneficiaire: Beneficiaire, donnees: dict, *, request=None):
    """Update a beneficiary; their reports' profile snapshot follows, with the rollups."""
    beneficiaire = Beneficiaire.objects.select_for_update().get(pk=beneficiaire.pk)
    if beneficiaire.supprime_le:
        raise ActionImpossible("Ce bénéficiaire a été supprimé.")
    avant = tuple(getattr(beneficiaire, c) for c in _PROFIL)
    for champ in CHAMPS_BENEFICIAIRE:
        if champ in donnees:
            setattr(beneficiaire, champ, donnees[champ])
    beneficiaire.save()
    if tuple(getattr(beneficiaire, c) for c in _PROFIL) != avant:
        deltas = []
        activites = Activite.objects.select_for_update().filter(
            beneficiaire=beneficiaire, supprime_le__isnull=True
        )
        for activite in activites.order_by("pk"):
            ancienne = contribution(activite)
            deja = activite.deja_accompagnes
            _profil_individuel(
                activite,
                {
                    "beneficiaire": beneficiaire,
                    "autonomie": activite.autonomie,
                    "oriente_vers_structure": activite.oriente_vers_structure,
                    "structure_de_redirection": activite.structure_de_redirection,
                },
            )
            activite.deja_accompagnes = deja
            activite.save()
            deltas += difference(ancienne, contribution(activite))
        agregats.appliquer(deltas)
    journaliser(
        "beneficiaire.modifie",
        "Bénéficiaire modifié",
        acteur=beneficiaire.conseiller,
        cible=beneficiaire,
        request=request,
    )
    return beneficiaire


@transaction.atomic
def supprimer_beneficiaire(beneficiaire: Beneficiaire, *, request=None) -> None:
    """Delete = anonymise: identity and contact are erased, the reports and the statistics
    (snapshotted on each report) stay."""
    beneficiaire = Beneficiaire.objects.select_for_update().get(pk=beneficiaire.pk)
    if beneficiaire.supprime_le:
        return
    for champ in ("prenom", "nom", "adresse", "telephone", "email", "notes"):
        setattr(beneficiaire, champ, "")
    beneficiaire.annee_naissance = None
    beneficiaire.commune = None
    beneficiaire.pas_de_telephone = False
    beneficiaire.genre = Genre.NON_COMMUNIQUE
    beneficiaire.statut_social = StatutSocial.NON_COMMUNIQUE
    beneficiaire.anonyme = True
    beneficiaire.supprime_le = timezone.now()
    beneficiaire.save()
    journaliser(
        "beneficiaire.supprime",
        "Bénéficiaire supprimé et anonymisé (ses accompagnements restent comptés)",
        acteur=beneficiaire.conseiller,
        cible=beneficiaire,
        request=request,
    )


# --- Places ---------------------------------------------------------------------------------

CHAMPS_LIEU = [
    "nom",
    "pivot",
    "adresse",
    "complement_adresse",
    "commune",
    "code_postal",
    "latitude",
    "longitude",
    "typologies",
    "presentation_resume",
    "presentation_detail",
    "site_web",
    "telephone",
    "courriels",
    "fiche_acces_libre",
    "prise_rdv",
    "horaires",
    "structure_parente",
    "itinerance",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "visible_cartographie",
]


def _remplir_lieu(lieu: Lieu, donnees: dict) -> None:
    for champ in CHAMPS_LIEU:
        if champ in donnees:
            setattr(lieu, champ, donnees[champ])
    commune = lieu.commune
    if not lieu.code_postal:
        lieu.code_postal = commune.code_postal_principal
    if lieu.latitude is None or lieu.longitude is None:
        lieu.latitude, lieu.longitude = commune.latitude, commune.longitude


@transaction.atomic
def creer_lieu(conseiller, donnees: dict, *, request=None) -> Lieu:
    lieu = Lieu(conseiller=conseiller, structure=structure_employeuse(conseiller))
    _remplir_lieu(lieu, donnees)
    lieu.save()
    journaliser(
        "lieu.cree",
        f"Lieu d’activité déclaré : {lieu.nom}",
        acteur=conseiller,
        cible=lieu,
        request=request,
    )
    return lieu


@transaction.atomic
def modifier_lieu(lieu: Lieu, donnees: dict, *, request=None) -> Lieu:
    lieu = Lieu.objects.select_for_update().get(pk=lieu.pk)
    if lieu.supprime_le:
        raise ActionImpossible("Ce lieu a été supprimé.")
    commune = donnees.get("commune")
    if commune is not None and commune.pk != lieu.commune_id and lieu.activites.exists():
        raise ActionImpossible(
            "Des comptes rendus sont déjà rattachés à ce lieu : pour une autre commune, "
            "déclarez un nouveau lieu."
        )
    _remplir_lieu(lieu, donnees)
    lieu.save()
    journaliser(
        "lieu.modifie",
        f"Lieu d’activité modifié : {lieu.nom}",
        acteur=lieu.conseiller,
        cible=lieu,
        request=request,
    )
    return lieu


@transaction.atomic
def supprimer_lieu(lieu: Lieu, *, request=None) -> None:
    """Soft delete: past reports keep their place; it leaves the map and the forms."""
    lieu = Lieu.objects.select_for_update().get(pk=lieu.pk)
    if lieu.supprime_le:
        return
    lieu.supprime_le = timezone.now()
    lieu.visible_cartographie = False
    lieu.save(update_fields=["supprime_le", "visible_cartographie", "modifie_le"])
    journaliser(
        "lieu.supprime",
        f"Lieu d’activité retiré : {lieu.nom}",
        acteur=lieu.conseiller,
        cible=lieu,
        request=request,
    )
