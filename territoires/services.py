"""Business actions on territorial data: indicator imports and target computations."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from comptes.journal import journaliser

from .models import CalculCibles, Cible, Departement, IndicateursDepartement
from .rules import DonneesDepartement, Ponderations, calculer_cibles

COLONNES = ["code_departement", "taux_pauvrete", "taux_chomage", "couverture_numerique", "source"]


@dataclass
class ResultatImport:
    lignes: int = 0
    erreurs: list[str] = field(default_factory=list)


def _pourcentage(texte: str, libelle: str, numero: int, erreurs: list[str]) -> Decimal | None:
    try:
        valeur = Decimal(texte.strip().replace(",", ".").replace("%", ""))
    except (InvalidOperation, AttributeError):
        erreurs.append(f"Ligne {numero} : {libelle} « {texte} » n’est pas un nombre.")
        return None
    if not 0 <= valeur <= 100:
        erreurs.append(
            f"Ligne {numero} : {libelle} doit être compris entre 0 et 100 (lu : {valeur})."
        )
        return None
    return valeur.quantize(Decimal("0.01"))


def importer_indicateurs(contenu: bytes, *, auteur=None, request=None) -> ResultatImport:
    """Import a CSV of indicators: every line is checked first; one error and nothing is saved."""
    resultat = ResultatImport()
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        resultat.erreurs.append("Le fichier doit être encodé en UTF-8.")
        return resultat
    entete = texte.split("\n", 1)[0]
    separateur = ";" if entete.count(";") >= entete.count(",") else ","
    lecteur = csv.DictReader(io.StringIO(texte), delimiter=separateur)
    manquantes = [c for c in COLONNES[:4] if c not in (lecteur.fieldnames or [])]
    if manquantes:
        resultat.erreurs.append(
            "Colonnes manquantes : "
            + ", ".join(manquantes)
            + f". Colonnes attendues : {';'.join(COLONNES)}."
        )
        return resultat
    codes = set(Departement.objects.values_list("code", flat=True))
    vus: set[str] = set()
    lignes = []
    for numero, ligne in enumerate(lecteur, start=2):
        code = (ligne.get("code_departement") or "").strip().upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        if code not in codes:
            resultat.erreurs.append(f"Ligne {numero} : département « {code} » inconnu.")
            continue
        if code in vus:
            resultat.erreurs.append(f"Ligne {numero} : le département {code} apparaît deux fois.")
            continue
        vus.add(code)
        valeurs = {
            "taux_pauvrete": _pourcentage(
                ligne["taux_pauvrete"], "le taux de pauvreté", numero, resultat.erreurs
            ),
            "taux_chomage": _pourcentage(
                ligne["taux_chomage"], "le taux de chômage", numero, resultat.erreurs
            ),
            "couverture_numerique": _pourcentage(
                ligne["couverture_numerique"], "la couverture numérique", numero, resultat.erreurs
            ),
        }
        source = (ligne.get("source") or "").strip()[:200] or "Import CSV"
        lignes.append((code, valeurs, source))
    if not lignes and not resultat.erreurs:
        resultat.erreurs.append("Le fichier ne contient aucune ligne.")
    if resultat.erreurs:
        return resultat
    with transaction.atomic():
        for code, valeurs, source in lignes:
            IndicateursDepartement.objects.update_or_create(
                departement_id=code, defaults={**valeurs, "source": source}
            )
        resultat.lignes = len(lignes)
        journaliser(
            "cibles.import_indicateurs",
            f"Import des indicateurs de {len(lignes)} département(s)",
            acteur=auteur,
            details={"departements": len(lignes)},
            request=request,
        )
    return resultat


class CalculImpossible(Exception):
    pass


def donnees_du_calcul() -> list[DonneesDepartement]:
    departements = list(Departement.objects.select_related("indicateurs").order_by("code"))
    sans = [d.code for d in departements if not hasattr(d, "indicateurs")]
    if sans:
        raise CalculImpossible(
            f"Indicateurs manquants pour {len(sans)} département(s) : {', '.join(sans[:15])}"
            + ("…" if len(sans) > 15 else "")
            + ". Importez-les avant de calculer."
        )
    return [
        DonneesDepartement(
            code=d.code,
            population=d.population,
            taux_pauvrete=float(d.indicateurs.taux_pauvrete),
            taux_chomage=float(d.indicateurs.taux_chomage),
            couverture_numerique=float(d.indicateurs.couverture_numerique),
        )
        for d in departements
    ]


def apercu_cibles(total: int, ponderations: Ponderations):
    erreurs = ponderations.erreurs()
    if erreurs:
        raise CalculImpossible(" ".join(erreurs))
    return calculer_cibles(total, donnees_du_calcul(), ponderations)


@transaction.atomic
def enregistrer_cibles(
    total: int, ponderations: Ponderations, *, commentaire: str = "", auteur=None, request=None
) -> CalculCibles:
    resultats = apercu_cibles(total, ponderations)
    p = ponderations
    calcul = CalculCibles.objects.create(
        auteur=auteur,
        total_national=total,
        commentaire=commentaire,
        **{f"poids_{nom}": Decimal(str(getattr(p, nom))) for nom in p.__dataclass_fields__},
    )
    Cible.objects.bulk_create(
        Cible(
            calcul=calcul,
            departement_id=r.code,
            valeur=r.valeur,
            indice_vulnerabilite=r.indice_vulnerabilite,
            part_equite=r.part_equite,
            part_demographie=r.part_demographie,
            part_vulnerabilite=r.part_vulnerabilite,
        )
        for r in resultats
    )
    journaliser(
        "cibles.calcul",
        f"Nouvelles cibles départementales ({total} postes au total)",
        acteur=auteur,
        cible=calcul,
        details={"total": total, "commentaire": commentaire, "ponderations": p.__dict__},
        request=request,
    )
    return calcul
