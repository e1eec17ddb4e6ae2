from .models import OrganismeFormation


def creer() -> dict:
    organisme, _ = OrganismeFormation.objects.get_or_create(nom="Campus du numérique inclusif")
    return {"organisme": organisme}
