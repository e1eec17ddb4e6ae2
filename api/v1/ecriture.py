"""Writing an activity report with an advisor's token: the very service the form calls
(``activite.services.creer_activite``), with the token owner as the advisor."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from ninja import Router, Status

from activite import rules as regles
from activite import services
from activite.choix import TypeActivite
from activite.models import Lieu
from activite.services import ActionImpossible
from territoires.models import Commune

from .. import schemas
from ..auth import acces
from ..choix import Scope
from ..problemes import Probleme
from .lecture import verifier_parametres

router = Router()
DEBUT_DISPOSITIF = date(2020, 11, 1)


def _atelier(entree: schemas.NouvelleActivite) -> dict:
    """The workshop's counts through the form's own rule (``rules.verifier_atelier``): a
    value sent, even 0, is a value typed in; one not sent is blank."""
    repartition = entree.repartition or schemas.Repartition()
    saisies = {
        "genre": repartition.genres,
        "tranche": repartition.tranches,
        "statut": repartition.statuts,
    }
    atelier = regles.verifier_atelier(
        entree.participants,
        entree.deja_accompagnes,
        {
            prefixe: {str(getattr(k, "value", k)): n for k, n in valeurs.items()}
            for prefixe, valeurs in saisies.items()
        },
    )
    if atelier.erreurs:
        raise ActionImpossible(" ".join(atelier.erreurs.values()))
    return {cle: atelier.repartitions[prefixe] for prefixe, *_, cle in regles.GROUPES_PARTICIPANTS}


def _donnees_service(conseiller, entree: schemas.NouvelleActivite) -> dict:
    if entree.date < DEBUT_DISPOSITIF:
        raise ActionImpossible("La date de l’accompagnement précède le début du dispositif.")
    lieu = None
    if entree.lieu_id is not None:
        lieu = Lieu.objects.filter(
            pk=entree.lieu_id, conseiller=conseiller, supprime_le__isnull=True
        ).first()
        if lieu is None:
            raise ActionImpossible("Choisissez un de vos lieux d’activité.")
    commune = None
    if entree.commune_insee:
        commune = Commune.objects.filter(pk=entree.commune_insee).first()
        if commune is None:
            raise ActionImpossible("Commune inconnue (code INSEE).")
    donnees = {
        "type": entree.type.value,
        "date": entree.date,
        "duree": entree.duree,
        "type_lieu": entree.type_lieu.value,
        "lieu": lieu,
        "commune": commune,
        "thematiques": [t.value for t in entree.thematiques],
        "precisions_demarche": entree.precisions_demarche,
        "materiel": [m.value for m in entree.materiel],
        "notes": entree.notes,
    }
    if entree.type == TypeActivite.INDIVIDUEL:
        donnees.update(
            beneficiaire=None,
            genre=entree.genre.value if entree.genre else "",
            tranche_age=entree.tranche_age.value if entree.tranche_age else "",
            statut_social=entree.statut_social.value if entree.statut_social else "",
            deja_accompagne=entree.deja_accompagne,
            autonomie=entree.autonomie.value if entree.autonomie else "",
            oriente_vers_structure=entree.oriente_vers_structure,
            structure_de_redirection=entree.structure_de_redirection.value
            if entree.structure_de_redirection
            else "",
            commune_residence=None,
        )
    else:
        donnees.update(
            titre_atelier=entree.titre_atelier,
            niveau=entree.niveau.value if entree.niveau else "",
            participants=entree.participants,
            deja_accompagnes=entree.deja_accompagnes,
            **_atelier(entree),
        )
    return donnees


@router.post(
    "/activites",
    response={201: schemas.ActiviteCreee, frozenset({400, 401, 403, 422, 429}): Probleme},
    **acces(Scope.ACTIVITES),
    summary="Enregistrer un compte rendu d’activité (jeton d’un conseiller)",
    tags=["Activités"],
)
def creer_activite(request, entree: schemas.NouvelleActivite, response: HttpResponse):
    """An ``Idempotency-Key`` header (up to 64 printable characters, a UUID for instance)
    makes the call safe to repeat: sent again with the same key, after a timeout or a
    network error, it records nothing more and answers 201 with the report first recorded
    (and ``Idempotent-Replayed: true``). The key is the advisor's, kept with the report."""
    verifier_parametres(request)
    conseiller = request.auth.proprietaire
    cle = _cle_idempotence(request)
    activite = services.creer_activite(
        conseiller, _donnees_service(conseiller, entree), cle=cle, request=request
    )
    reponse = Status(
        201,
        {
            "id": activite.pk,
            "type": activite.type,
            "date": activite.date,
            "duree": activite.duree,
            "accompagnements": activite.participants,
            "cree_le": activite.cree_le,
        },
    )
    if activite.deja_enregistree:
        response["Idempotent-Replayed"] = "true"
    return reponse


def _cle_idempotence(request) -> str | None:
    cle = request.headers.get("Idempotency-Key", "").strip()
    if not cle:
        return None
    if len(cle) > 64 or not cle.isprintable() or not cle.isascii():
        raise ActionImpossible(
            "L’en-tête Idempotency-Key accepte au plus 64 caractères ASCII imprimables "
            "(un UUID par exemple)."
        )
    return cle
