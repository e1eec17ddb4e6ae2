import time

import pytest

from noyau import anti_robot
from noyau.formulaires import Formulaire


class Formulaire_(anti_robot.ProtectionRobots, Formulaire):
    pass


MAINTENANT = 1_800_000_000


@pytest.mark.parametrize(
    "affiche_il_y_a,attendu",
    [
        (0, anti_robot.MESSAGE_TROP_RAPIDE),
        (2, anti_robot.MESSAGE_TROP_RAPIDE),
        (3, None),
        (3600, None),
        (4 * 3600, None),
        (4 * 3600 + 1, anti_robot.MESSAGE_EXPIRE),
    ],
)
def test_delai_entre_affichage_et_envoi(affiche_il_y_a, attendu):
    jeton = anti_robot.creer_jeton(MAINTENANT - affiche_il_y_a)
    assert anti_robot.erreur_jeton(jeton, MAINTENANT) == attendu


@pytest.mark.parametrize(
    "jeton",
    ["", "1800000000", "abc:def", anti_robot.creer_jeton()[:-2]],
    # Stable ids: xdist workers must collect the same names, and the last token is time-based.
    ids=["vide", "horodatage_seul", "forme_invalide", "signature_tronquee"],
)
def test_jeton_absent_ou_falsifie(jeton):
    assert anti_robot.erreur_jeton(jeton, MAINTENANT) == anti_robot.MESSAGE_EXPIRE


def test_un_jeton_d_un_autre_usage_ne_vaut_rien():
    from django.core import signing

    autre = signing.dumps(MAINTENANT - 60, salt="autre.usage")
    assert anti_robot.erreur_jeton(autre, MAINTENANT) == anti_robot.MESSAGE_EXPIRE


def test_formulaire_affiche_un_jeton_frais_et_un_champ_cache():
    form = Formulaire_()
    assert anti_robot.erreur_jeton(form["jeton_affichage"].value(), time.time() + 5) is None
    html = str(form["site_web"].as_field_group())
    assert 'class="conum-pot-de-miel" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html


@pytest.mark.parametrize(
    "pot_de_miel,affiche_il_y_a,message",
    [
        ("https://spam.example", 10, anti_robot.MESSAGE_ROBOT),
        ("", 1, anti_robot.MESSAGE_TROP_RAPIDE),
        ("", 10, None),
    ],
)
def test_formulaire_refuse_les_robots(pot_de_miel, affiche_il_y_a, message):
    jeton = anti_robot.creer_jeton(time.time() - affiche_il_y_a)
    form = Formulaire_({"jeton_affichage": jeton, "site_web": pot_de_miel})
    assert form.is_valid() is (message is None)
    if message:
        assert form.non_field_errors() == [message]


def test_un_formulaire_incomplet_envoye_vite_n_est_pas_traite_de_robot():
    class AvecChamp(Formulaire_):
        from django import forms

        nom = forms.CharField()

    form = AvecChamp({"jeton_affichage": anti_robot.creer_jeton(), "nom": ""})
    assert not form.is_valid()
    assert "nom" in form.errors and form.non_field_errors() == []
