from datetime import UTC, datetime

import pytest

from .. import rules


def test_empreinte_et_comparaison():
    secret = rules.nouveau_secret()
    empreinte = rules.empreinte(secret)
    assert len(empreinte) == 64 and secret not in empreinte
    assert rules.secret_correspond(secret, empreinte)
    assert not rules.secret_correspond(secret + "x", empreinte)


@pytest.mark.parametrize(
    ("jeton", "attendu"),
    [
        ("cnfs_ab:secret", ("cnfs_ab", "secret")),
        ("cnfs_ab:se:cret", ("cnfs_ab", "se:cret")),
        ("cnfs_ab", None),
        (":secret", None),
        ("cnfs_ab:", None),
        ("", None),
    ],
)
def test_decouper_jeton(jeton, attendu):
    assert rules.decouper_jeton(jeton) == attendu


def test_curseur_aller_retour():
    moment = datetime(2026, 11, 24, 10, 30, 15, 123456, tzinfo=UTC)
    assert rules.decoder_curseur(rules.encoder_curseur(moment, 42)) == (moment, 42)
    assert rules.decoder_curseur(rules.encoder_curseur(None, 7)) == (None, 7)


@pytest.mark.parametrize(
    "curseur",
    ["", "!!!", "bm9uLWpzb24", "WzEsMl0", "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwgMV0", "WyJ4IiwgdHJ1ZV0"],
)
def test_curseur_invalide(curseur):
    with pytest.raises(rules.CurseurInvalide):
        rules.decoder_curseur(curseur)


def test_curseur_avec_decalage_extreme_ramene_en_utc():
    from datetime import timedelta, timezone

    moment = datetime(1188, 12, 15, 15, 38, tzinfo=timezone(-timedelta(hours=21, minutes=25)))
    relu, _ = rules.decoder_curseur(rules.encoder_curseur(moment, 1))
    assert relu.utcoffset() == timedelta(0) and relu == moment
