"""``modifie_le`` on structures, kept by PostgreSQL.

Many services change these rows with ``QuerySet.update()`` / ``bulk_update()``, which
bypass ``auto_now``: the partner API's cursors on (modifie_le, id) would miss those
changes. A ``BEFORE INSERT OR UPDATE`` trigger sets the column from the database clock,
so no write path can forget it, and app servers' clocks never mix with the database's.

``clock_timestamp()`` rather than ``now()``: a row becomes visible to readers at commit,
after its timestamp. With ``now()`` (start of the transaction) the gap between the
timestamp and the commit is the whole transaction; with ``clock_timestamp()`` it is only
from the statement to the commit. A reader whose cursor passed that timestamp before the
commit still misses the row: partners re-read with a small overlap (documented in the API
page). And a writer that waited for another's row lock stamps after that wait, so a row's
timestamp never moves backwards (with ``now()`` it would, to the waiter's start). An
update that changes nothing keeps the timestamp (no noise for partners). The index on
(modifie_le, id) makes every real update non-HOT: accepted on these small tables.

The plpgsql function is shared by the four tables and created idempotently by each app's
migration (comptes, structures, conventions run in any order); reversing one app drops
its triggers, and the function only once no trigger uses it.
"""

from django.db import migrations, models
from django.db.models.functions import Now

FONCTION = """
CREATE OR REPLACE FUNCTION conum_modifie_le() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.modifie_le := OLD.modifie_le;
        IF NEW IS NOT DISTINCT FROM OLD THEN
            RETURN NEW;
        END IF;
    END IF;
    NEW.modifie_le := clock_timestamp();
    RETURN NEW;
END
$$;
"""

SANS_FONCTION_ORPHELINE = """
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger WHERE tgfoid = 'conum_modifie_le()'::regprocedure
    ) THEN
        DROP FUNCTION conum_modifie_le();
    END IF;
END
$$;
"""


def declencheur(table: str) -> migrations.RunSQL:
    nom = f"{table}_modifie_le"
    creer = (
        f"CREATE TRIGGER {nom} BEFORE INSERT OR UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION conum_modifie_le();"
    )
    return migrations.RunSQL(
        FONCTION + creer, f"DROP TRIGGER IF EXISTS {nom} ON {table};" + SANS_FONCTION_ORPHELINE
    )


def champ():
    return models.DateTimeField(db_default=Now(), editable=False, verbose_name="modifié le")


class Migration(migrations.Migration):
    dependencies = [("structures", "0002_candidature")]

    operations = [
        migrations.AddField(model_name="structure", name="modifie_le", field=champ()),
        migrations.RunSQL(
            "UPDATE structures_structure "
            "SET modifie_le = GREATEST(cree_le, COALESCE(statut_modifie_le, cree_le))",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="structure",
            index=models.Index(fields=["modifie_le", "id"], name="structure_modifie_le"),
        ),
        declencheur("structures_structure"),
    ]
