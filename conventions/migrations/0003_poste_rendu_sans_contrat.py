"""The two invariants that cross the post and contract tables, in the database.

- a running contract cannot be put on a returned post (trigger on the contract, which takes
  a share lock on the post so that a concurrent return waits for it, then sees it);
- a post holding a running contract cannot be returned (trigger on the post: a concurrent
  contract insert holds the share lock, the update waits, then sees the contract).

Both raise SQLSTATE 23514 (check_violation): Django turns it into an IntegrityError.
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION conventions_contrat_poste_non_rendu() RETURNS trigger AS $$
DECLARE
    etat_poste varchar;
BEGIN
    IF NEW.statut = 'en_cours' THEN
        SELECT etat INTO etat_poste FROM conventions_poste WHERE id = NEW.poste_id FOR SHARE;
        IF etat_poste = 'rendu' THEN
            RAISE EXCEPTION 'Le poste % est rendu : il ne peut pas porter de contrat en cours.',
                NEW.poste_id
                USING ERRCODE = '23514', CONSTRAINT = 'contrat_poste_non_rendu';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER contrat_poste_non_rendu
    BEFORE INSERT OR UPDATE OF statut, poste_id ON conventions_contrat
    FOR EACH ROW EXECUTE FUNCTION conventions_contrat_poste_non_rendu();

CREATE OR REPLACE FUNCTION conventions_poste_rendu_sans_contrat() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM conventions_contrat WHERE poste_id = NEW.id AND statut = 'en_cours'
    ) THEN
        RAISE EXCEPTION 'Le poste % porte un contrat en cours : il ne peut pas être rendu.',
            NEW.id
            USING ERRCODE = '23514', CONSTRAINT = 'poste_rendu_sans_contrat';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER poste_rendu_sans_contrat
    BEFORE INSERT OR UPDATE OF etat ON conventions_poste
    FOR EACH ROW WHEN (NEW.etat = 'rendu')
    EXECUTE FUNCTION conventions_poste_rendu_sans_contrat();
"""

RETOUR = """
DROP TRIGGER IF EXISTS poste_rendu_sans_contrat ON conventions_poste;
DROP FUNCTION IF EXISTS conventions_poste_rendu_sans_contrat();
DROP TRIGGER IF EXISTS contrat_poste_non_rendu ON conventions_contrat;
DROP FUNCTION IF EXISTS conventions_contrat_poste_non_rendu();
"""


class Migration(migrations.Migration):
    dependencies = [("conventions", "0002_contrats_subventions")]

    operations = [migrations.RunSQL(SQL, RETOUR)]
