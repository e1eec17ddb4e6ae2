"""Every e-mail in text and HTML, with the programme's mandatory mention; the catalogue."""

import pytest

from noyau import courriels as modele


@pytest.mark.django_db
def test_texte_et_html_portent_la_mention_et_les_liens(courriels):
    with courriels.envoi():
        modele.envoyer(
            "alix@exemple.fr",
            "Confirmez votre adresse électronique",
            "comptes/courriels/confirmation",
            {"utilisateur": {"prenom": "<Alix>"}, "lien": "https://exemple.fr/lien"},
        )
    [message] = courriels.outbox
    assert modele.MENTION_OBLIGATOIRE in message.body
    [(html, type_)] = message.alternatives
    assert type_ == "text/html"
    assert modele.MENTION_OBLIGATOIRE in html
    assert '<a href="https://exemple.fr/lien">' in html
    assert "<Alix>" not in html  # the text is escaped in its HTML version


def test_le_catalogue_liste_les_courriels_de_chaque_application():
    gabarits = {m.gabarit for m in modele.catalogue()}
    assert {
        "comptes/courriels/confirmation",
        "recrutement/courriels/structure_rappel_delai",
        "pilotage/courriels/obligation",
        "comptes/courriels/invitation_equipe",
    } <= gabarits
    [obligation] = [m for m in modele.catalogue() if m.gabarit == "pilotage/courriels/obligation"]
    assert obligation.description.startswith("Gestionnaires de la structure")
