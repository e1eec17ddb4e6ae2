"""Rollup rows are updated in place on every write: leave room in each page so that the
updates stay HOT (no index maintenance when no indexed column changes)."""

from django.db import migrations

TABLES = [
    "activite_agregatjour",
    "activite_agregatmois",
    "activite_agregatterritoirejour",
    "activite_agregatterritoiremois",
    "activite_presencebeneficiaire",
]


class Migration(migrations.Migration):
    dependencies = [("activite", "0001_initial")]

    operations = [
        migrations.RunSQL(
            [f"ALTER TABLE {t} SET (fillfactor = 70)" for t in TABLES],
            [f"ALTER TABLE {t} RESET (fillfactor)" for t in TABLES],
        )
    ]
