"""Scoped reads of the candidate pool.

Who sees what, for now:

* the candidate sees their own profile, with their personal data;
* the national admin (anct) sees every candidate, with contact details and CV;
* a prefecture sees the candidates living in its département(s), without personal data
  (first name and initial, commune, availability, situations);
* a structure sees the candidates linked to it (its mises en relation) and, once it has
  allocated posts, the available pool (its matches and the pool search): the CV and the
  shared Pix results of all of them, the contact details (full name, e-mail, phone) and
  the CV only of those it pre-selected or went further with (field by field:
  ``recrutement.rules.champs_visibles``; each CV download is recorded for the candidate);
* every other role sees nothing.

Deleted accounts and addresses not yet confirmed are not part of the pool.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from comptes.acces import Perimetre, filtrer_par_departement
from comptes.models import Evenement, Utilisateur
from comptes.roles import Role

from . import rules
from .models import Candidat

# Roles that see a list of candidates (without personal data unless stated below).
ROLES_LISTE = (Role.ANCT, Role.PREFECTURE)
# Roles that see a candidate's contact details and CV, besides the candidate.
ROLES_COORDONNEES = frozenset({Role.ANCT})


def vivier():
    """Candidates of the pool: account confirmed, not deleted."""
    return Candidat.objects.filter(
        supprime_le__isnull=True, utilisateur__email_verifie_le__isnull=False
    )


def candidats_for_user(p: Perimetre):
    qs = vivier().select_related("utilisateur", "commune", "departement")
    if p.role == Role.CANDIDAT:
        return qs.filter(utilisateur_id=p.utilisateur_id)
    if p.role == Role.ANCT:
        return qs
    if p.role == Role.PREFECTURE:
        return filtrer_par_departement(qs, p, "departement")
    if p.role == Role.STRUCTURE and p.structure_id:
        from recrutement.selectors import candidats_de_structure

        return candidats_de_structure(p.structure_id).select_related(
            "utilisateur", "commune", "departement"
        )
    return qs.none()


def peut_voir_coordonnees(p: Perimetre, candidat: Candidat) -> bool:
    """E-mail, phone and full name: the candidate themself, the national admin, and a
    structure that pre-selected the candidate (or went further: a link whose status shows
    contact details)."""
    if candidat.est_supprime:
        return False
    if p.role == Role.CANDIDAT:
        return p.utilisateur_id is not None and p.utilisateur_id == candidat.utilisateur_id
    if p.role == Role.STRUCTURE and p.structure_id:
        from recrutement.models import MiseEnRelation
        from recrutement.rules import AVEC_COORDONNEES

        return MiseEnRelation.objects.filter(
            structure_id=p.structure_id, candidat=candidat, statut__in=AVEC_COORDONNEES
        ).exists()
    return p.role in ROLES_COORDONNEES


def cv_for_user(p: Perimetre):
    """Candidates whose CV this scope may download: the candidate her own, the national
    admin any, a structure those whose link with it shows the CV — the one rule of
    ``recrutement.rules.champs_visibles`` (after pre-selection)."""
    qs = candidats_for_user(p).exclude(cv="")
    if p.role == Role.STRUCTURE and p.structure_id:
        from recrutement.models import MiseEnRelation
        from recrutement.rules import statuts_avec

        liens = MiseEnRelation.objects.filter(
            structure_id=p.structure_id, statut__in=statuts_avec("cv")
        )
        return qs.filter(pk__in=liens.values("candidat_id"))
    if p.role == Role.CANDIDAT or p.role in ROLES_COORDONNEES:
        return qs
    return qs.none()


def telechargements_cv(candidat: Candidat):
    """Who downloaded her CV (she sees the structure, or « l’équipe nationale »), newest
    first."""
    lignes = list(
        candidat.telechargements_cv.select_related("structure").order_by("-le", "-pk")[:200]
    )
    for t in lignes:
        if t.structure_id:
            t.qui = t.structure.nom
        elif t.role == Role.ANCT:
            t.qui = "L’équipe nationale du programme (ANCT)"
        else:
            t.qui = Role(t.role).label if t.role in Role.values else t.role
    return lignes


def profil_de(utilisateur) -> Candidat | None:
    """The (not deleted) candidate profile of an account, if any."""
    return (
        Candidat.objects.select_related("commune", "departement")
        .filter(utilisateur=utilisateur, supprime_le__isnull=True)
        .first()
    )


def filtrer(qs, *, departement: str = "", situation: str = "", statut: str = ""):
    """The filters of the agents' list. Unknown values are ignored by the form beforehand."""
    if departement:
        qs = qs.filter(departement_id=departement)
    if situation in rules.CHAMPS_SITUATION:
        qs = qs.filter(**{situation: True})
    if statut:
        qs = qs.filter(statut=statut)
    return qs


ENTETES_EXPORT = [
    "Numéro",
    "Candidat",
    "Commune",
    "Code INSEE",
    "Département",
    "Disponible à partir du",
    "Distance maximale (km)",
    *[libelle for _, libelle in rules.SITUATIONS],
    "Statut",
    "Résultats Pix partagés",
    "Inscrit le",
]

_COLONNES_EXPORT = [
    "pk",
    "utilisateur__prenom",
    "utilisateur__nom",
    "commune__nom",
    "commune_id",
    "departement_id",
    "disponible_le",
    "distance_max",
    *rules.CHAMPS_SITUATION,
    "statut",
    "pix_partage_le",
    "cree_le",
]


def lignes_export(qs):
    """Rows of the agents' export, read in chunks: no e-mail, phone, birth date or CV.

    Only the listed columns are fetched, so personal data never even leaves the database.
    """
    statuts = dict(Candidat.Statut.choices)
    for valeurs in qs.order_by("pk").values_list(*_COLONNES_EXPORT).iterator(chunk_size=2000):
        ligne = dict(zip(_COLONNES_EXPORT, valeurs, strict=True))
        yield [
            ligne["pk"],
            rules.nom_public(ligne["utilisateur__prenom"], ligne["utilisateur__nom"]),
            ligne["commune__nom"],
            ligne["commune_id"],
            ligne["departement_id"],
            ligne["disponible_le"],
            ligne["distance_max"],
            *[ligne[champ] for champ in rules.CHAMPS_SITUATION],
            statuts.get(ligne["statut"], ligne["statut"]),
            ligne["pix_partage_le"] is not None,
            ligne["cree_le"],
        ]


def evenements_du_candidat(candidat: Candidat):
    """The audit events about this person (their profile, their account, their own actions),
    for the candidate's data download."""
    types = ContentType.objects.get_for_models(Candidat, Utilisateur)
    return Evenement.objects.filter(
        Q(cible_type=types[Candidat], cible_id=str(candidat.pk))
        | Q(cible_type=types[Utilisateur], cible_id=str(candidat.utilisateur_id))
        | Q(acteur_id=candidat.utilisateur_id)
    ).order_by("cree_le", "pk")


def donnees_personnelles(candidat: Candidat) -> dict:
    """Everything the platform holds about a candidate, for the right to data portability."""
    u = candidat.utilisateur
    return {
        "compte": {
            "prenom": u.prenom,
            "nom": u.nom,
            "email": u.email,
            "telephone": u.telephone,
            "inscrit_le": u.date_joined.isoformat(),
            "adresse_confirmee_le": u.email_verifie_le.isoformat() if u.email_verifie_le else None,
            "derniere_connexion": u.last_login.isoformat() if u.last_login else None,
        },
        "candidature": {
            "sexe": candidat.get_sexe_display(),
            "date_naissance": candidat.date_naissance.isoformat()
            if candidat.date_naissance
            else None,
            "commune": {
                "code_insee": candidat.commune_id,
                "nom": candidat.commune.nom if candidat.commune else None,
            },
            "departement": candidat.departement_id,
            "distance_max_km": candidat.distance_max,
            "disponible_le": candidat.disponible_le.isoformat(),
            "situations": candidat.libelles_situations,
            "nom_diplome_med_num": candidat.nom_diplome_med_num,
            "motivation": candidat.motivation,
            "statut": candidat.get_statut_display(),
            "statut_modifie_le": candidat.statut_modifie_le.isoformat(),
            "consentement_le": candidat.consentement_le.isoformat(),
            "cree_le": candidat.cree_le.isoformat(),
            "modifie_le": candidat.modifie_le.isoformat(),
        },
        "cv": {
            "depose_le": candidat.cv_depose_le.isoformat(),
            "format": "PDF",
            "note": "Téléchargeable depuis votre espace candidat.",
        }
        if candidat.cv
        else None,
        "pix": {
            "partage_le": candidat.pix_partage_le.isoformat(),
            "score": candidat.pix_score,
            "palier": candidat.pix_palier_libelle,
            "niveaux": dict(candidat.pix_detail),
        }
        if candidat.pix_partage
        else None,
        "historique": [
            {"date": e.cree_le.isoformat(), "action": e.action, "description": e.description}
            for e in evenements_du_candidat(candidat)
        ],
        "telechargements_cv": [
            {"date": t.le.isoformat(), "par": t.qui} for t in telechargements_cv(candidat)
        ],
    }
