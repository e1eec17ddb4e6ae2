"""Rows of the recruitment exports, built lazily; each row shows only what the structure
may see of that candidate (rules.champs_visibles)."""

from . import rules, selectors

PAQUET = 500

ENTETES = [
    "Numéro",
    "Candidat",
    "Adresse électronique",
    "Téléphone",
    "Commune",
    "Code postal",
    "Distance (km)",
    "Disponible à partir du",
    "Distance maximale (km)",
    "Déjà formé",
    "Diplômé en médiation numérique",
    "Palier Pix",
    "CV",
    "Statut",
]


def _par_paquets(ids):
    paquet = []
    for pk in ids.iterator(chunk_size=2000) if hasattr(ids, "iterator") else ids:
        paquet.append(pk)
        if len(paquet) == PAQUET:
            yield paquet
            paquet = []
    if paquet:
        yield paquet


def lignes(o, ids):
    """Rows of a tab's export, read 500 candidates at a time."""
    for paquet in _par_paquets(ids):
        yield from _lignes(selectors.lignes(o, paquet))


def _lignes(candidats):
    for c in candidats:
        champs = rules.champs_visibles(c.lien_statut)
        coordonnees = "email" in champs
        yield [
            c.pk,
            c.utilisateur.nom_complet if coordonnees else c.nom_public,
            c.utilisateur.email if coordonnees else "",
            c.telephone if coordonnees else "",
            c.commune.nom if c.commune else "",
            c.commune.code_postal_principal if c.commune else "",
            round(c.distance) if c.distance is not None else "",
            c.disponible_le,
            c.distance_max,
            c.deja_forme,
            c.est_diplome_med_num,
            c.pix_palier_libelle,
            bool(c.cv),
            rules.LIBELLES_STATUTS.get(c.lien_statut, "Nouvelle candidature"),
        ]


ENTETES_RETARDS = [
    "Structure",
    "SIRET",
    "Département",
    "Commune",
    "Postes non pourvus hors délai",
    "Échéance dépassée le",
    "Jours de retard",
]


def lignes_retards(qs, aujourd_hui):
    for s in qs.iterator(chunk_size=2000):
        yield [
            s.nom,
            s.siret,
            s.departement_id,
            s.commune.nom if s.commune else "",
            s.postes_en_retard,
            s.echeance_depassee,
            -rules.jours_restants(s.echeance_depassee, aujourd_hui),
        ]
