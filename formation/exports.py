"""Columns of the training exports (CSV and XLSX), close to the real platform's
"Date d'entrée en formation / Date de sortie de formation / Certification" columns."""

from . import rules as R
from . import selectors

ENTETES = [
    "Nom",
    "Prénom",
    "Email",
    "Structure",
    "Département",
    "Organisme de formation",
    "État",
    "Score de positionnement",
    "Date du positionnement",
    "Parcours",
    "Session",
    "Date d'entrée en formation",
    "Date de sortie de formation",
    "Prise de poste",
    "CCP1",
    "Certification Pix",
    "Motif de dispense",
]


def _resultat(valeur) -> str:
    return {True: "Obtenu", False: "Non obtenu"}.get(valeur, "")


def lignes(apprenants):
    for a in apprenants:
        u = a.mise_en_relation.candidat.utilisateur
        structure = a.mise_en_relation.structure
        yield [
            u.nom,
            u.prenom,
            u.email,
            structure.nom,
            structure.departement_id,
            a.organisme.nom if a.organisme_id else "",
            R.LIBELLES_ETATS[a.etat],
            a.score_positionnement,
            a.date_positionnement,
            a.parcours_obj.libelle if a.parcours_obj else "",
            str(a.session) if a.session_id else "",
            a.date_entree_formation,
            a.date_sortie_formation,
            a.date_prise_poste,
            _resultat(a.ccp1_admis),
            _resultat(a.certification_pix),
            a.motif_dispense,
        ]


ENTETES_RETARDS = ["Nom", "Prénom", "Email", "Structure", "Département", "Prise de poste", "Manque"]


def lignes_retards(retards, par_lot: int = 2000):
    for debut in range(0, len(retards), par_lot):
        yield from _lignes_retards(selectors.avec_apprenants(retards[debut : debut + par_lot]))


def _lignes_retards(retards):
    for r in retards:
        a = r.apprenant
        u = a.mise_en_relation.candidat.utilisateur
        manque = (
            "Module 1 coordinateur"
            if r.module_1_manquant
            else "Module thématique " + ", ".join(str(x) for x in r.annees)
        )
        yield [
            u.nom,
            u.prenom,
            u.email,
            a.mise_en_relation.structure.nom,
            a.mise_en_relation.structure.departement_id,
            a.date_prise_poste,
            manque,
        ]
