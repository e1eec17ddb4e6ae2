from .acces import habilitation_de_la_requete


class HabilitationActiveMiddleware:
    """Exposes ``request.habilitation``: the role the user currently acts under (or None)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.habilitation = habilitation_de_la_requete(request)
        return self.get_response(request)
