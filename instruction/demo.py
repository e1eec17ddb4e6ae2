"""Demo of the instruction: prefecture opinions, two past confirmed committees (accepted,
rejected and pending outcomes, a return, a transfer), conventions with posts — some filled,
for believable "7/8" figures, and one "1/0" anomaly — and a committee in preparation.

Runs after structures (whose history already created the first conventions through the
committee decisions). Idempotent: once a committee session exists, nothing is added.
Everything goes through the services, except the demo-only facts that no service sets yet:
signed conventions and filled posts (employment contracts belong to the conventions issue).
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from comptes.models import Habilitation, Utilisateur
from comptes.roles import Role
from conventions.choix import EtatPoste, StatutConvention
from conventions.models import Convention, Poste
from structures.choix import StatutStructure
from structures.models import Structure

from . import services
from .choix import Avis, Resultat, StatutDemande, TypeDemande, TypePoste
from .models import AvisPrefecture, Comite, Demande

T = TypeDemande
BORDEAUX = "21330063500017"
ASSOCIATION_GIRONDE = "77567227200017"
FAVORABLES = [
    "Projet solide, porté par les élus, en lien avec la France Services du territoire.",
    "Besoin avéré : zone rurale éloignée des services, forte demande d’accompagnement.",
    "Structure déjà active en médiation numérique, partenariats locaux identifiés.",
    "Public prioritaire (quartier politique de la ville), locaux et encadrement prévus.",
]
DEFAVORABLE = (
    "Projet peu articulé avec l’offre existante : trois conseillers déjà présents sur la "
    "commune ; à retravailler avec la préfecture."
)


def _agent_prefecture():
    return Utilisateur.objects.filter(habilitations__role=Role.PREFECTURE).order_by("pk").first()


def _agent_anct():
    return Utilisateur.objects.filter(habilitations__role=Role.ANCT).order_by("pk").first()


def _avis(demande, alea, prefecture, defavorable=False, le=None):
    if AvisPrefecture.objects.filter(demande=demande).exists():
        return
    services.donner_avis(
        demande,
        avis=Avis.DEFAVORABLE if defavorable else Avis.FAVORABLE,
        commentaire=DEFAVORABLE if defavorable else alea.choice(FAVORABLES),
        par=prefecture,
        le=max(le, demande.deposee_le + timedelta(days=1)) if le else None,
    )


def _moment(jour) -> datetime:
    return datetime.combine(jour, time(10, 0), tzinfo=timezone.get_current_timezone())


def _ouvertes(types, statuts=(StatutDemande.DEPOSEE,)):
    return list(
        Demande.objects.filter(type__in=types, statut__in=statuts)
        .select_related("structure")
        .order_by("deposee_le", "pk")
    )


def _occuper(structure, occupes: int) -> None:
    """Demo only: posts taken, so that recruitment finds few free ones; the conventions demo
    then gives each taken post its contract or sets it vacant again."""
    libres = list(
        Poste.objects.libres().filter(structure=structure).order_by("date_attribution", "pk")
    )
    for poste in libres[:occupes]:
        poste.etat = EtatPoste.OCCUPE
        poste.save(update_fields=["etat"])


def creer(contexte: dict) -> None:
    resume = contexte.setdefault("resume", [])
    if Comite.objects.exists():
        resume.append(f"Instruction : {Comite.objects.count()} comités déjà présents")
        return
    alea = random.Random(42)
    prefecture, anct = _agent_prefecture(), _agent_anct()
    structures = {
        siret: Structure.objects.get(pk=s.pk) for siret, s in contexte["structures"].items()
    }
    aujourd_hui = timezone.localdate()

    # The structures' history left requests "en instruction" without an opinion row:
    # record the opinion they stand for.
    for d in _ouvertes(sorted(services.AVIS_PREFECTURE), [StatutDemande.EN_INSTRUCTION]):
        _avis(d, alea, prefecture, le=d.deposee_le + timedelta(days=15))
    for d in _ouvertes(sorted(services.AVIS_PREFECTURE), [StatutDemande.AJOURNEE]):
        _avis(d, alea, prefecture, le=d.deposee_le + timedelta(days=15))
    j1, j2 = aujourd_hui - timedelta(days=20), aujourd_hui - timedelta(days=6)

    # --- Committee 1 (three weeks ago): new applications, an extra-post request, a return.
    bordeaux = structures[BORDEAUX]
    actuels = Poste.objects.attribues().filter(structure=bordeaux).count()
    demande_c = services.deposer_depuis_espace(
        structure=bordeaux,
        type=T.C,
        par=None,
        nombre_postes=max(1, min(10, 9 - actuels)),
        motivation="Forte demande dans les quartiers prioritaires : nous renforçons l’équipe.",
        le=_moment(j1 - timedelta(days=25)),
    )
    _avis(demande_c, alea, prefecture, le=_moment(j1 - timedelta(days=10)))
    deposees = _ouvertes([T.A])
    for i, d in enumerate(deposees[: len(deposees) // 2]):
        _avis(d, alea, prefecture, defavorable=(i == 1), le=_moment(j1 - timedelta(days=10)))
    rendeuse = next(
        (
            s
            for s in Structure.objects.filter(statut=StatutStructure.VALIDATION_COSELEC)
            .exclude(siret__in=[BORDEAUX, ASSOCIATION_GIRONDE])
            .order_by("pk")
            if Poste.objects.libres().filter(structure=s).count() >= 2
        ),
        None,
    )
    if rendeuse:
        services.deposer_depuis_espace(
            structure=rendeuse,
            type=T.E,
            par=None,
            nombre_postes=1,
            motivation="Ma structure rencontre des difficultés de recrutement.",
            le=_moment(j1 - timedelta(days=18)),
        )
    comite_1 = services.preparer_comite(date_comite=j1, par=anct)
    bilan = services.apercu(comite_1)
    # One pending outcome: the admin asks for a further look, with a written reason.
    a_revoir = next(
        (
            p
            for p in bilan.propositions
            if p.resultat == Resultat.ACCEPTEE
            and p.demande != demande_c.pk
            and Demande.objects.get(pk=p.demande).type == T.A
        ),
        None,
    )
    if a_revoir:
        services.deroger(
            comite_1,
            Demande.objects.get(pk=a_revoir.demande),
            type_poste=a_revoir.type_poste,
            resultat=Resultat.EN_ATTENTE,
            postes=0,
            motif="Lieux d’activité à préciser avec la préfecture avant d’attribuer le poste.",
            par=anct,
        )
    services.confirmer_comite(
        comite_1, par=anct, notifier=False, le=_moment(j1) + timedelta(hours=6)
    )

    # --- Committee 2 (last week): a transfer in Gironde and more applications.
    association = structures[ASSOCIATION_GIRONDE]
    association.refresh_from_db()
    if Poste.objects.libres().filter(structure=bordeaux).exists() and association.statut == (
        StatutStructure.VALIDATION_COSELEC
    ):
        h = services.deposer_depuis_espace(
            structure=bordeaux,
            type=T.H,
            par=None,
            nombre_postes=1,
            structure_destination=association,
            motivation="Le poste sera mieux utilisé par l’association, qui a une candidate.",
            le=_moment(j2 - timedelta(days=12)),
        )
        recu = services.deposer_depuis_espace(
            structure=association,
            type=T.C,
            par=None,
            nombre_postes=1,
            structure_origine=bordeaux,
            motivation="Nous reprenons le poste transféré par la mairie de Bordeaux.",
            le=_moment(j2 - timedelta(days=11)),
        )
        _avis(h, alea, prefecture, le=_moment(j2 - timedelta(days=5)))
        _avis(recu, alea, prefecture, le=_moment(j2 - timedelta(days=5)))
    deposees = _ouvertes([T.A])
    for d in deposees[: max(1, len(deposees) // 2)]:
        _avis(d, alea, prefecture, le=_moment(j2 - timedelta(days=5)))
    comite_2 = services.preparer_comite(date_comite=j2, par=anct)
    services.confirmer_comite(
        comite_2, par=anct, notifier=False, le=_moment(j2) + timedelta(hours=6)
    )

    # --- Conventions: older ones signed, posts filled (demo-only facts).
    for convention in Convention.objects.filter(statut=StatutConvention.A_SIGNER).filter(
        date_decision__lt=aujourd_hui - timedelta(days=60)
    ):
        convention.statut = StatutConvention.SIGNEE
        convention.date_signature = convention.date_decision + timedelta(days=30)
        convention.date_debut = convention.date_signature
        convention.date_fin = convention.date_debut + timedelta(days=3 * 365)
        convention.save()
    _occuper(bordeaux, 7)
    for s in Structure.objects.filter(statut=StatutStructure.VALIDATION_COSELEC).exclude(
        pk=bordeaux.pk
    ):
        libres = Poste.objects.libres().filter(structure=s).count()
        if libres:
            _occuper(s, max(0, libres - alea.choice([0, 0, 1])))
    # The anomaly "1/0": a contract recorded on a post of a convention that has ended.
    terminee = Convention.objects.filter(statut=StatutConvention.TERMINEE).order_by("pk").first()
    if terminee:
        rendu = Poste.objects.filter(convention=terminee).order_by("pk").first()
        Poste.objects.create(
            convention=terminee,
            structure=terminee.structure,
            type=TypePoste.CONSEILLER,
            etat=EtatPoste.OCCUPE,
            date_attribution=rendu.date_attribution if rendu else terminee.date_decision,
            recruter_avant=rendu.recruter_avant if rendu else terminee.date_decision,
        )

    # --- Committee 3, in preparation: new requests in Gironde, some still waiting for the
    # prefecture's opinion (its demo login has work to do); the others get their opinion.
    gironde = Structure.objects.filter(departement_id="33").order_by("pk")
    nouvelles = []
    refusee = gironde.filter(statut=StatutStructure.REFUS_COSELEC).first()
    if refusee:
        nouvelles.append(
            services.deposer_depuis_espace(
                structure=refusee,
                type=T.A,
                par=None,
                nombre_postes=1,
                engagement=True,
                lieux_missions="Permanences à la médiathèque et au centre social.",
                motivation="Nous avons retravaillé le projet avec les partenaires du territoire.",
                le=_moment(aujourd_hui - timedelta(days=3)),
            )
        )
    validees = gironde.filter(statut=StatutStructure.VALIDATION_COSELEC).exclude(
        siret__in=[BORDEAUX, ASSOCIATION_GIRONDE]
    )
    for structure, postes, coordinateur in zip(validees[:2], (1, 0), (False, True), strict=False):
        nouvelles.append(
            services.deposer_depuis_espace(
                structure=structure,
                type=T.C,
                par=None,
                nombre_postes=postes,
                coordinateur=coordinateur,
                motivation="Coordonner les conseillers du territoire et renforcer l’équipe.",
                le=_moment(aujourd_hui - timedelta(days=2)),
            )
        )
    if nouvelles:
        _avis(nouvelles[-1], alea, prefecture, le=_moment(aujourd_hui - timedelta(days=1)))
    for d in [d for d in _ouvertes([T.A]) if d.structure.departement_id != "33"][:3]:
        _avis(d, alea, prefecture, le=_moment(aujourd_hui - timedelta(days=1)))
    services.preparer_comite(date_comite=aujourd_hui + timedelta(days=9), par=anct)

    prefectures = Habilitation.objects.filter(role=Role.PREFECTURE).count()
    resume.append(
        f"Instruction : 3 comités (2 confirmés, 1 en préparation), "
        f"{AvisPrefecture.objects.count()} avis de préfecture, "
        f"{Convention.objects.count()} conventions, "
        f"{Poste.objects.attribues().count()} postes attribués "
        f"({prefectures} compte(s) préfecture)"
    )
