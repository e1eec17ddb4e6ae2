"""Demo learners, run after recruitment and conventions: every advisor in post gets their
training body by territory (as the recruitment signal does), then the demo body's learners
are spread over every state through the services (no e-mails):

- a session in Bordeaux that opened in person (8 advisors the same day);
- a session in Lyon moved to remote (3 advisors), with the explanation shown;
- a planned session with two enrolled, positioned and to-position learners;
- advisors trained two years ago (one late on the yearly module, one up to date),
  exempted holders of the REMN title, an abandon; coordinators exempted, one with module 1.

The demo advisor accounts (conseiller1..3@demo) are linked to trained learners of the Mairie
de Bordeaux, so "Ma formation" and the coordinator's view show something.
Past sessions are demo-only facts created directly; everything else goes through the
services. Idempotent: once a session exists, only missing assignments are added.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from comptes.models import Utilisateur
from recrutement import rules as regles_recrutement
from recrutement.models import MiseEnRelation

from . import catalogues as C
from . import rules as R
from . import services
from .models import Apprenant, Centre, OrganismeFormation, Session

NOM_ORGANISME = "Campus du numérique inclusif"
COMPTES_CONSEILLERS = [f"conseiller{i}@demo.conseiller-numerique.fr" for i in (1, 2, 3)]


def _session(organisme, code_insee, parcours, debut):
    centre = Centre.objects.filter(organisme=organisme, commune_id=code_insee).first()
    return Session.objects.create(
        organisme=organisme, centre=centre, parcours=parcours, date_debut=debut, capacite=12
    )


def _positionner(a, organisme, score, jour, parcours="", catalogue=C.CATALOGUE_2024):
    motif = "Expérience d’animation à consolider" if parcours else ""
    services.positionner(
        a.pk,
        scope=organisme.pk,
        score=score,
        le=jour,
        catalogue=catalogue,
        parcours=parcours,
        motif=motif,
    )


def _former(organisme, apprenants, session, parcours_score, *, valider_le=None):
    for a in apprenants:
        _positionner(
            a,
            organisme,
            parcours_score,
            session.date_debut - timedelta(days=10),
            catalogue=session.parcours_obj.catalogue,
        )
        services.inscrire(a.pk, session.pk, scope=organisme.pk, notifier=False)
    services.ouvrir_session(session.pk, scope=organisme.pk, notifier=False)
    if valider_le:
        for a in apprenants:
            services.valider_formation(a.pk, scope=organisme.pk, le=valider_le, notifier=False)


def creer(contexte: dict) -> None:
    en_poste = (
        MiseEnRelation.objects.filter(statut__in=sorted(regles_recrutement.RECRUTES))
        .exclude(statut=regles_recrutement.RECRUTEE)
        .filter(apprenant__isnull=True)
        .select_related("structure", "poste", "candidat__utilisateur")
        .order_by("pk")
    )
    nouveaux = [services.rattacher(mer, notifier=False) for mer in en_poste]
    organisme = OrganismeFormation.objects.filter(nom=NOM_ORGANISME).first()
    if organisme is None or Session.objects.exists():
        contexte.setdefault("resume", []).append(
            f"Formation : {Apprenant.objects.count()} apprenants déjà présents "
            f"({len(nouveaux)} rattachés)"
        )
        return
    aujourd_hui = timezone.localdate()
    tous = list(
        Apprenant.objects.filter(organisme=organisme, etat=R.A_POSITIONNER)
        .select_related("mise_en_relation__structure")
        .order_by("mise_en_relation__structure__departement_id", "pk")
    )
    lyonnais = [a for a in tous if a.mise_en_relation.structure.departement_id == "69"]
    autres = [a for a in tous if a not in lyonnais]

    # Trained two years ago: in post, one late on the yearly module, one up to date.
    formes, autres = autres[:3], autres[3:]
    if formes:
        ancienne = _session(organisme, None, "2021_280", aujourd_hui - timedelta(days=800))
        _former(organisme, formes, ancienne, 60, valider_le=ancienne.date_debut + timedelta(56))
        l_an_dernier = aujourd_hui.replace(year=aujourd_hui.year - 1, month=5, day=20)
        for a in formes[1:]:
            services.enregistrer_module(
                a.pk,
                scope=organisme.pk,
                type_module=R.THEMATIQUE,
                code="securite",
                heures=14,
                le=l_an_dernier,
            )
        comptes = Utilisateur.objects.filter(email__in=COMPTES_CONSEILLERS).order_by("email")
        for a, compte in zip(formes, comptes, strict=False):
            Apprenant.objects.filter(pk=a.pk).update(utilisateur=compte)

    # In person in Bordeaux: 8 advisors starting the same day.
    bordelais, autres = autres[:8], autres[8:]
    if len(bordelais) == 8:
        presentiel = _session(organisme, "33063", "2024_70", aujourd_hui - timedelta(days=5))
        _former(organisme, bordelais, presentiel, 85)
        services.enregistrer_presences(
            presentiel.pk,
            aujourd_hui - timedelta(days=1),
            {a.pk for a in bordelais[1:]},
            scope=organisme.pk,
        )
    else:
        autres = bordelais + autres

    # Lyon: only a few, so the session moves to remote with the reason shown.
    lyon = lyonnais + autres[: max(0, 3 - len(lyonnais))]
    autres = autres[max(0, 3 - len(lyonnais)) :]
    if lyon:
        distance = _session(organisme, "69123", "2024_175", aujourd_hui - timedelta(days=2))
        _former(organisme, lyon, distance, 55)

    # Exempted holders of the title, an abandon, a planned session, positioned learners.
    for a in autres[:2]:
        services.dispenser(
            a.pk, scope=organisme.pk, le=aujourd_hui - timedelta(days=20), notifier=False
        )
    autres = autres[2:]
    if autres:
        a = autres.pop(0)
        _positionner(a, organisme, 30, aujourd_hui - timedelta(days=15))
        services.declarer_abandon(
            a.pk, scope=organisme.pk, motif="Démission pendant la période d’essai", notifier=False
        )
    a_venir = _session(organisme, "33063", "2024_175", aujourd_hui + timedelta(days=20))
    for a in autres[:2]:
        _positionner(a, organisme, 50, aujourd_hui - timedelta(days=4))
        services.inscrire(a.pk, a_venir.pk, scope=organisme.pk, notifier=False)
    for a in autres[2:4]:
        _positionner(a, organisme, 45, aujourd_hui - timedelta(days=2), parcours="2024_315")

    # A coordinator already took module 1 in Lyon.
    coordinateur = Apprenant.objects.filter(coordinateur=True).order_by("pk").first()
    if coordinateur and coordinateur.organisme_id:
        services.enregistrer_module(
            coordinateur.pk,
            scope=None,
            type_module=R.COORDINATION_1,
            heures=14,
            le=aujourd_hui - timedelta(days=30),
            presentiel=True,
            ville="Lyon",
        )

    etats = {
        R.LIBELLES_ETATS[e]: Apprenant.objects.filter(etat=e).count() for e in R.LIBELLES_ETATS
    }
    contexte.setdefault("resume", []).append(
        f"Formation : {Apprenant.objects.count()} apprenants ({len(nouveaux)} rattachés) – "
        + ", ".join(f"{k.lower()} {v}" for k, v in etats.items() if v)
        + f", {Session.objects.count()} sessions (espace : /formation/apprenants/)"
    )
