"""Demo data of host structures (extended by the candidatures issue)."""

from territoires.models import Commune

from .models import Reseau, Structure

# (SIRET with a valid checksum, name, INSEE code of the commune)
STRUCTURES = [
    ("21330063500017", "Mairie de Bordeaux", "33063"),
    ("21690123100011", "Ville de Lyon", "69123"),
    ("21930060500017", "Ville de Saint-Denis", "93066"),
    ("21974411700017", "Commune de Saint-Denis (La Réunion)", "97411"),
    ("21590350100017", "Ville de Lille", "59350"),
    ("77567227200017", "Association Les Connectés de Gironde", "33063"),
]


def creer(contexte: dict) -> None:
    reseau, _ = Reseau.objects.get_or_create(nom="Réseau national des centres sociaux connectés")
    structures = {}
    for siret, nom, code_insee in STRUCTURES:
        commune = Commune.objects.select_related("departement").get(code_insee=code_insee)
        structure, _ = Structure.objects.update_or_create(
            siret=siret,
            defaults={
                "nom": nom,
                "commune": commune,
                "departement": commune.departement,
                "reseau": reseau if nom.startswith("Association") else None,
            },
        )
        structures[siret] = structure
    contexte.update(reseau=reseau, structures=structures)
