"""The database goes away: users get a French page saying to retry (503), not a bare 500;
the next request after it is back works without a restart (issue « Hardening »)."""

import pytest
from django.db import OperationalError

from public import selectors


@pytest.mark.django_db
def test_base_injoignable_page_503_en_francais_puis_retour(client, monkeypatch):
    vrai = selectors.chiffres_cles

    def injoignable():
        raise OperationalError("connection to server on socket failed: No such file")

    monkeypatch.setattr(selectors, "chiffres_cles", injoignable)
    client.raise_request_exception = False
    reponse = client.get("/chiffres-cles/")
    assert reponse.status_code == 503
    assert reponse["Retry-After"] == "30"
    texte = reponse.content.decode()
    assert '<html lang="fr">' in texte and "Service momentanément indisponible" in texte
    assert "Server Error" not in texte and "OperationalError" not in texte

    monkeypatch.setattr(selectors, "chiffres_cles", vrai)
    assert client.get("/chiffres-cles/").status_code == 200


@pytest.mark.django_db
def test_une_autre_erreur_reste_une_500(client, monkeypatch):
    monkeypatch.setattr(selectors, "chiffres_cles", lambda: 1 / 0)
    client.raise_request_exception = False
    reponse = client.get("/chiffres-cles/")
    assert reponse.status_code == 500 and "Erreur inattendue" in reponse.content.decode()
