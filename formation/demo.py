from .models import OrganismeFormation


def creer(contexte: dict) -> None:
    organisme, _ = OrganismeFormation.objects.get_or_create(nom="Campus du numérique inclusif")
    contexte["organisme"] = organisme
