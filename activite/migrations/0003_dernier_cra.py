"""Each advisor's last live report date, kept by the report services (see
``agregats.recalculer_dernier_cra``), filled here from the existing reports."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

REMPLIR = (
    "INSERT INTO activite_derniercra (conseiller_id, date) "
    "SELECT conseiller_id, MAX(date) FROM activite_activite "
    "WHERE supprime_le IS NULL GROUP BY conseiller_id"
)


class Migration(migrations.Migration):
    dependencies = [
        ("activite", "0002_facteur_remplissage"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DernierCra",
            fields=[
                (
                    "conseiller",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        db_constraint=False,
                        primary_key=True,
                        related_name="dernier_compte_rendu",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("date", models.DateField()),
            ],
            options={
                "verbose_name": "date du dernier compte rendu d’un conseiller",
            },
        ),
        # Updated in place at each write: room for HOT updates, as the other rollups.
        migrations.RunSQL(
            "ALTER TABLE activite_derniercra SET (fillfactor = 70)", migrations.RunSQL.noop
        ),
        migrations.RunSQL(REMPLIR, migrations.RunSQL.noop),
    ]
