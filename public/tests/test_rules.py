"""Opening state from OSM hours and the map projection, as pure functions."""

from datetime import datetime

import pytest

from ..rules import ouvert_a, ouvert_le_week_end

LUNDI_10H = datetime(2026, 11, 23, 10, 0)
LUNDI_13H = datetime(2026, 11, 23, 13, 0)
SAMEDI_10H = datetime(2026, 11, 28, 10, 0)


@pytest.mark.parametrize(
    ("horaires", "moment", "attendu"),
    [
        ("Mo-Fr 09:00-12:00,14:00-17:00", LUNDI_10H, True),
        ("Mo-Fr 09:00-12:00,14:00-17:00", LUNDI_13H, False),
        ("Mo-Fr 09:00-12:00,14:00-17:00", SAMEDI_10H, False),
        ("Sa 09:00-12:00", SAMEDI_10H, True),
        ("24/7", LUNDI_13H, True),
        ("", LUNDI_10H, None),  # unknown hours: neither open nor closed
        ("Mo-Fr 09:00-12:00; PH off", LUNDI_10H, None),  # beyond the parser: unknown
    ],
)
def test_ouvert_a(horaires, moment, attendu):
    assert ouvert_a(horaires, moment) is attendu


@pytest.mark.parametrize(
    ("horaires", "attendu"),
    [
        ("Mo-Fr 09:00-17:00", False),
        ("Mo-Fr 09:00-17:00; Sa 09:00-12:00", True),
        ("Su 10:00-12:00", True),
        ("n’importe quoi", False),
    ],
)
def test_ouvert_le_week_end(horaires, attendu):
    assert ouvert_le_week_end(horaires) is attendu
