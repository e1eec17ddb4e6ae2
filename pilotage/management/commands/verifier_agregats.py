from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from activite import agregats
from activite.models import Activite, AgregatTerritoireMois


class Command(BaseCommand):
    help = (
        "Vérifie que les agrégats des statistiques d’activité égalent les comptes rendus "
        "(par département et par mois, sur les derniers mois). Lecture seule par défaut ; "
        "--reparer recalcule tous les agrégats en cas d’écart. Code de sortie 1 si écart."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mois", type=int, default=3, help="Mois vérifiés (défaut : 3).")
        parser.add_argument("--reparer", action="store_true", help="Recalculer si écart.")

    def handle(self, *args, mois=3, reparer=False, **options):
        debut = (timezone.localdate() - timedelta(days=31 * mois)).replace(day=1)
        with connection.cursor() as curseur:
            curseur.execute(
                f"""SELECT COALESCE(departement_id, ''), date_trunc('month', date)::date,
                       count(*), sum(participants)
                FROM {Activite._meta.db_table}
                WHERE supprime_le IS NULL AND date >= %s GROUP BY 1, 2""",
                [debut],
            )
            brut = {(d, m): (n, p) for d, m, n, p in curseur.fetchall()}
        agrege = {}
        for ligne in (
            AgregatTerritoireMois.objects.filter(mois__gte=debut)
            .values("departement", "mois")
            .order_by()
            .annotate(n=_somme("activites"), p=_somme("accompagnements"))
        ):
            if ligne["n"] or ligne["p"]:
                agrege[(ligne["departement"], ligne["mois"])] = (ligne["n"], ligne["p"])
        ecarts = sorted(set(brut) ^ set(agrege) | {k for k in brut if brut[k] != agrege.get(k)})
        for departement, mois_ in ecarts:
            self.stdout.write(
                f"  {departement or '(aucun)'} {mois_:%m/%Y} : comptes rendus "
                f"{brut.get((departement, mois_))}, agrégats {agrege.get((departement, mois_))}"
            )
        if not ecarts:
            self.stdout.write(self.style.SUCCESS(f"Agrégats conformes depuis le {debut:%d/%m/%Y}."))
            return
        if reparer:
            agregats.recalculer()
            self.stdout.write(self.style.WARNING(f"{len(ecarts)} écart(s) : agrégats recalculés."))
            return
        self.stderr.write(f"{len(ecarts)} écart(s) ; relancez avec --reparer pour recalculer.")
        raise SystemExit(1)


def _somme(champ):
    from django.db.models import Sum

    return Sum(champ)
