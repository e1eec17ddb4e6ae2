"""Demo training bodies, run before the accounts: the demo body (its agent logs in as
formation@demo.conseiller-numerique.fr) serves the south-west and the Rhône, two others
the north and Île-de-France, and La Réunion. Each has centres in real communes.
Idempotent (get_or_create); communes missing from a partial load are skipped."""

from territoires.models import Commune, Departement

from .models import Centre, OrganismeFormation

ORGANISMES = [
    # (name, contact, départements served, centres' INSEE codes)
    (
        "Campus du numérique inclusif",
        "contact@campus-numerique-inclusif.example",
        ["33", "24", "47", "40", "64", "69", "2A", "13"],
        ["33063", "69123", "47001", "13055"],
    ),
    (
        "Médiation Formation Nord – Île-de-France",
        "accueil@mediation-formation.example",
        ["59", "93", "35"],
        ["59350", "93066"],
    ),
    ("Océan Indien Numérique", "formation@oi-numerique.example", ["974"], ["97411"]),
]


def creer(contexte: dict) -> None:
    for nom, email, departements, centres in ORGANISMES:
        organisme, _ = OrganismeFormation.objects.get_or_create(
            nom=nom, defaults={"email_contact": email}
        )
        organisme.departements.add(*Departement.objects.filter(code__in=departements))
        for commune in Commune.objects.filter(code_insee__in=centres):
            Centre.objects.get_or_create(organisme=organisme, commune=commune)
        if "organisme" not in contexte:
            contexte["organisme"] = organisme
