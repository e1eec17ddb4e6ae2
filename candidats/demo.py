"""Demo candidates: a few hundred believable profiles across several départements.

Deterministic (random.Random(42)) and idempotent: every profile is computed on each run,
then only the accounts whose e-mail does not exist yet are created (in bulk). The demo
candidate account of comptes/demo.py gets a complete profile with a CV and Pix results.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone

from comptes.models import Habilitation, Utilisateur
from comptes.roles import Role
from territoires.models import Commune

from . import rules
from .models import Candidat
from .stockage import chemin_cv, stockage_prive

NOMBRE = 300
DOMAINE = "demo.conseiller-numerique.fr"
EMAIL_CANDIDAT_DEMO = f"candidat@{DOMAINE}"

PRENOMS_FEMMES = [
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Laura", "Pauline",
    "Marie", "Anaïs", "Clara", "Océane", "Lucie", "Nadia", "Fatou", "Aïcha", "Yasmine", "Sophie",
    "Nathalie", "Isabelle", "Sandrine", "Valérie", "Christine", "Élodie", "Mélanie", "Audrey",
    "Amandine", "Coralie", "Maëlle", "Zoé", "Jade", "Louise", "Margaux", "Salomé", "Kenza",
    "Leïla", "Mireille", "Josiane",
]  # fmt: skip
PRENOMS_HOMMES = [
    "Lucas", "Hugo", "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Kévin", "Romain",
    "Alexandre", "Mehdi", "Karim", "Yanis", "Moussa", "Mamadou", "Sébastien", "Olivier",
    "Stéphane", "Christophe", "Laurent", "Frédéric", "Jérémy", "Quentin", "Théo", "Nathan",
    "Enzo", "Louis", "Gabriel", "Raphaël", "Arthur", "Damien", "Florian", "Bruno", "Patrick",
    "Jean-Marc", "Loïc", "Yohan", "Rudy", "Teddy", "Jordan",
]  # fmt: skip
NOMS = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand",
    "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
    "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier",
    "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin",
    "Vidal", "Caron", "Payet", "Hoarau", "Grondin", "Fontaine", "Benoît", "Diallo", "Traoré",
    "Nguyen", "Benali", "Haddad", "Le Gall", "Le Goff", "Kerbrat", "Lemoine", "Delattre",
]  # fmt: skip
# Communes of residence: several départements, mainland and overseas.
COMMUNES = [
    "33063", "33281", "33318", "33522", "33243", "33009",  # Gironde
    "69123", "69266", "69259", "69264",  # Rhône
    "93066", "93048", "93008", "93001",  # Seine-Saint-Denis
    "97411", "97416", "97415", "97422",  # La Réunion
    "59350", "59512", "59599", "59183",  # Nord
    "13055", "13001", "13004",  # Bouches-du-Rhône
    "35238", "35288", "35115",  # Ille-et-Vilaine
    "24322", "47001", "64445", "40192",  # Dordogne, Lot-et-Garonne, Pyrénées-Atlantiques, Landes
]  # fmt: skip
DIPLOMES = [
    "Titre professionnel Responsable d’espace de médiation numérique (REMN)",
    "Certificat de compétences professionnelles « Conseiller numérique »",
    "Licence professionnelle Médiation numérique",
    "DEUST Médiation numérique",
    "BPJEPS Animateur, mention « Animation culturelle et numérique »",
]
MOTIVATIONS = [
    "J’accompagne depuis plusieurs années des personnes âgées de mon quartier dans leurs "
    "démarches en ligne et je souhaite en faire mon métier.",
    "Bénévole dans une association d’insertion, j’ai animé des ateliers d’initiation à "
    "l’ordinateur. Je veux aider chacun à devenir autonome avec le numérique.",
    "Après une reconversion, je cherche un métier utile, au contact du public, où je peux "
    "transmettre ce que je sais faire avec un ordinateur et un smartphone.",
    "Je travaille dans une médiathèque et j’aime expliquer. Devenir conseiller numérique me "
    "permettrait d’aller à la rencontre de ceux qui ne viennent pas jusqu’à nous.",
    "Le numérique ne doit laisser personne de côté : je veux lutter contre l’illectronisme "
    "dans ma commune, en particulier auprès des familles et des demandeurs d’emploi.",
    "Ancien technicien informatique, je souhaite mettre mes compétences au service des "
    "habitants et les aider à se protéger des arnaques en ligne.",
]
MOTIVATION_FIN = [
    "Je suis patient(e), à l’écoute et disponible pour me déplacer.",
    "Je parle aussi l’anglais et l’arabe, ce qui peut aider certains publics.",
    "J’ai le permis B et un véhicule.",
    "Je suis prêt(e) à suivre la formation dès qu’un poste se libère.",
    "",
]


def pdf_minimal(lignes: list[str]) -> bytes:
    """A small valid one-page PDF (Helvetica text), built by hand: no dependency."""

    def echapper(texte: str) -> str:
        return texte.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    texte = "BT /F1 12 Tf 16 TL 72 770 Td " + " ".join(f"({echapper(ligne)}) '" for ligne in lignes)
    contenu = texte.encode("cp1252", errors="replace") + b" ET"
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(contenu) + contenu + b"\nendstream",
    ]
    sortie = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    positions = []
    for numero, objet in enumerate(objets, start=1):
        positions.append(len(sortie))
        sortie += b"%d 0 obj\n" % numero + objet + b"\nendobj\n"
    debut_xref = len(sortie)
    sortie += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objets) + 1)
    for position in positions:
        sortie += b"%010d 00000 n \n" % position
    sortie += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objets) + 1,
        debut_xref,
    )
    return bytes(sortie)


def _ascii(texte: str) -> str:
    decompose = unicodedata.normalize("NFKD", texte.lower())
    return "".join(c for c in decompose if c.isalnum() and c.isascii())


def _cv(prenom: str, nom: str, commune: str) -> ContentFile:
    lignes = [
        f"{prenom} {nom}",
        f"{commune}",
        "",
        "Curriculum vitae",
        "",
        "Expérience : accompagnement au numérique, accueil du public.",
        "Compétences : bureautique, démarches en ligne, smartphone, animation d’ateliers.",
        "Formation : baccalauréat ; formation continue en médiation numérique.",
    ]
    return ContentFile(pdf_minimal(lignes), name="cv.pdf")


def _profil(rng: random.Random, i: int, communes: list[Commune], maintenant) -> dict:
    femme = rng.random() < 0.55
    prenom = rng.choice(PRENOMS_FEMMES if femme else PRENOMS_HOMMES)
    nom = rng.choice(NOMS)
    sexe = Candidat.Sexe.FEMME if femme else Candidat.Sexe.HOMME
    if rng.random() < 0.02:
        sexe = Candidat.Sexe.AUTRE
    commune = rng.choice(communes)
    inscrit_le = maintenant - timedelta(days=rng.randint(1, 540), minutes=rng.randint(0, 1440))
    tirage = rng.random()
    statut = (
        Candidat.Statut.DISPONIBLE
        if tirage < 0.72
        else Candidat.Statut.NON_DISPONIBLE
        if tirage < 0.9
        else Candidat.Statut.RECRUTE
    )
    situations = {champ for champ in rules.CHAMPS_SITUATION if rng.random() < 0.3}
    if not situations:
        situations = {rng.choice(rules.CHAMPS_SITUATION)}
    if "est_en_emploi" in situations and rng.random() < 0.7:
        situations.discard("est_demandeur_emploi")
    diplome = rng.choice(DIPLOMES) if "est_diplome_med_num" in situations else ""
    naissance = (maintenant - timedelta(days=rng.randint(19 * 365, 62 * 365))).date()
    disponible_le = (inscrit_le + timedelta(days=rng.randint(0, 120))).date()
    motivation = f"{rng.choice(MOTIVATIONS)} {rng.choice(MOTIVATION_FIN)}".strip()
    a_cv = rng.random() < 0.06
    # Mostly recent CVs; a few have outlived the retention period (see purger_cv).
    cv_depose_le = (
        max(inscrit_le, maintenant - timedelta(days=rng.randint(5, 230))) if a_cv else None
    )
    pix = None
    if rng.random() < 0.3:
        niveaux = {code: rng.randint(1, 6) for code, _ in rules.DOMAINES_PIX}
        pix = (sum(niveaux.values()) * 8 * 3 + rng.randint(0, 40), niveaux)
    return {
        "email": f"{_ascii(prenom)}.{_ascii(nom)}.{i:03d}@{DOMAINE}",
        "prenom": prenom,
        "nom": nom,
        "telephone": f"0{rng.choice('67')}{rng.randint(10_000_000, 99_999_999)}",
        "sexe": sexe,
        "date_naissance": naissance,
        "commune": commune,
        "distance_max": rng.choice([d for d, _ in rules.DISTANCES_KM]),
        "disponible_le": disponible_le,
        "situations": situations,
        "nom_diplome_med_num": diplome,
        "motivation": motivation[: rules.MOTIVATION_MAX],
        "statut": statut,
        "inscrit_le": inscrit_le,
        "cv_depose_le": cv_depose_le,
        "pix": pix,
    }


def _communes() -> list[Commune]:
    communes = list(Commune.objects.select_related("departement").filter(code_insee__in=COMMUNES))
    return communes or list(
        Commune.objects.select_related("departement").order_by("code_insee")[:20]
    )


def _candidat(utilisateur: Utilisateur, p: dict, stockage) -> Candidat:
    candidat = Candidat(
        utilisateur=utilisateur,
        sexe=p["sexe"],
        date_naissance=p["date_naissance"],
        tranche_naissance=rules.tranche_naissance(p["date_naissance"]),
        commune=p["commune"],
        departement=p["commune"].departement,
        distance_max=p["distance_max"],
        disponible_le=p["disponible_le"],
        nom_diplome_med_num=p["nom_diplome_med_num"],
        motivation=p["motivation"],
        consentement_le=p["inscrit_le"],
        statut=p["statut"],
        statut_modifie_le=p["inscrit_le"],
        cree_le=p["inscrit_le"],
        **{champ: champ in p["situations"] for champ in rules.CHAMPS_SITUATION},
    )
    if p["cv_depose_le"]:
        nom = stockage.save(
            chemin_cv(candidat, "cv.pdf"),
            _cv(p["prenom"], p["nom"], p["commune"].nom),
        )
        candidat.cv = nom
        candidat.cv_depose_le = p["cv_depose_le"]
    if p["pix"]:
        candidat.pix_score, candidat.pix_niveaux = p["pix"]
        candidat.pix_partage_le = p["inscrit_le"] + timedelta(days=3)
    return candidat


def _profil_du_compte_demo(communes, maintenant, stockage) -> None:
    utilisateur = Utilisateur.objects.filter(email=EMAIL_CANDIDAT_DEMO).first()
    if utilisateur is None or Candidat.objects.filter(utilisateur=utilisateur).exists():
        return
    bordeaux = next((c for c in communes if c.code_insee == "33063"), communes[0])
    if not utilisateur.telephone:
        utilisateur.telephone = "0612345678"
        utilisateur.save(update_fields=["telephone"])
    profil = {
        "prenom": utilisateur.prenom,
        "nom": utilisateur.nom,
        "sexe": Candidat.Sexe.FEMME,
        "date_naissance": (maintenant - timedelta(days=29 * 365 + 40)).date(),
        "commune": bordeaux,
        "distance_max": 20,
        "disponible_le": (maintenant + timedelta(days=15)).date(),
        "situations": {"est_demandeur_emploi", "a_experience_med_num"},
        "nom_diplome_med_num": "",
        "motivation": MOTIVATIONS[0] + " " + MOTIVATION_FIN[0],
        "statut": Candidat.Statut.DISPONIBLE,
        "inscrit_le": maintenant - timedelta(days=20),
        "cv_depose_le": maintenant - timedelta(days=19),
        "pix": (
            412,
            {
                "informations": 4,
                "communication": 5,
                "contenus": 3,
                "protection": 3,
                "environnement": 4,
            },
        ),
    }
    _candidat(utilisateur, profil, stockage).save()
    Habilitation.objects.get_or_create(utilisateur=utilisateur, role=Role.CANDIDAT)


def _profils_des_conseillers_demo(conseillers, communes, maintenant, stockage) -> None:
    """The demo advisor accounts (comptes/demo.py) were candidates once, recruited since:
    the recrutement demo gives each one a post and the conventions demo their contract,
    so that the activity they record belongs to an advisor in post."""
    bordeaux = next((c for c in communes if c.code_insee == "33063"), communes[0])
    for rang, utilisateur in enumerate(conseillers):
        if Candidat.objects.filter(utilisateur=utilisateur).exists():
            continue
        inscrit_le = maintenant - timedelta(days=420 + 30 * rang)
        profil = {
            "prenom": utilisateur.prenom,
            "nom": utilisateur.nom,
            "sexe": Candidat.Sexe.HOMME if utilisateur.prenom == "Yanis" else Candidat.Sexe.FEMME,
            "date_naissance": (maintenant - timedelta(days=(27 + 6 * rang) * 365)).date(),
            "commune": bordeaux,
            "distance_max": 20,
            "disponible_le": (inscrit_le + timedelta(days=30)).date(),
            "situations": {"est_demandeur_emploi", "a_experience_med_num"},
            "nom_diplome_med_num": "",
            "motivation": MOTIVATIONS[rang % len(MOTIVATIONS)],
            "statut": Candidat.Statut.RECRUTE,
            "inscrit_le": inscrit_le,
            "cv_depose_le": None,
            "pix": None,
        }
        _candidat(utilisateur, profil, stockage).save()


def creer(contexte: dict) -> None:
    rng = random.Random(42)
    maintenant = timezone.now()
    communes = _communes()
    stockage = stockage_prive()
    profils = [_profil(rng, i, communes, maintenant) for i in range(1, NOMBRE + 1)]
    existants = set(
        Utilisateur.objects.filter(email__in=[p["email"] for p in profils]).values_list(
            "email", flat=True
        )
    )
    nouveaux = [p for p in profils if p["email"] not in existants]
    mot_de_passe = make_password(None)  # no login for these generated people
    utilisateurs = Utilisateur.objects.bulk_create(
        [
            Utilisateur(
                email=p["email"],
                prenom=p["prenom"],
                nom=p["nom"],
                telephone=p["telephone"],
                password=mot_de_passe,
                date_joined=p["inscrit_le"],
                email_verifie_le=p["inscrit_le"] + timedelta(minutes=7),
            )
            for p in nouveaux
        ]
    )
    Candidat.objects.bulk_create(
        [_candidat(u, p, stockage) for u, p in zip(utilisateurs, nouveaux, strict=True)]
    )
    Habilitation.objects.bulk_create(
        [Habilitation(utilisateur=u, role=Role.CANDIDAT) for u in utilisateurs]
    )
    _profil_du_compte_demo(communes, maintenant, stockage)
    _profils_des_conseillers_demo(contexte.get("conseillers", []), communes, maintenant, stockage)

    vivier = Candidat.objects.filter(supprime_le__isnull=True)
    par_statut = {s: vivier.filter(statut=s).count() for s in Candidat.Statut.values}
    a_purger = vivier.exclude(cv="").filter(cv_depose_le__lt=rules.limite_retention_cv(maintenant))
    contexte.setdefault("resume", []).append(
        f"Candidats : {vivier.count()} dans le vivier ({par_statut['disponible']} disponibles, "
        f"{par_statut['non_disponible']} en pause, {par_statut['recrute']} recrutés), "
        f"{vivier.exclude(cv='').count()} avec un CV dont {a_purger.count()} à purger "
        "(manage.py purger_cv)."
    )
