"""Factories of training: bodies serving départements, their centres, recruited advisors
assigned to them, sessions.

organisme = OrganismeFormationFactory(departements=["69"])
mer = recrutement_finalise(structure_a("69"))         # an advisor in post, no learner yet
a = ApprenantFactory(organisme=organisme)             # "à positionner", recruited in 69
a = apprenant_positionne(organisme, score=80)         # positioned on the 70 h path
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from candidats.tests.factories import CandidatFactory
from conventions.choix import TypePoste
from formation import rules as R
from formation.models import Apprenant, Centre, OrganismeFormation, Session
from recrutement import rules as regles_recrutement
from recrutement.models import MiseEnRelation
from recrutement.tests.factories import ajouter_postes, structure_avec_postes
from territoires.tests.factories import CommuneFactory, DepartementFactory


class OrganismeFormationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganismeFormation
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"Organisme de formation {n}")
    email_contact = factory.Sequence(lambda n: f"contact{n}@organisme.example")

    @factory.post_generation
    def departements(obj, create, extracted, **kwargs):
        for code in extracted or []:
            obj.departements.add(DepartementFactory(code=code))


def structure_a(code_departement: str, **kwargs):
    commune = CommuneFactory(departement=DepartementFactory(code=code_departement))
    return structure_avec_postes(commune, **kwargs)


def recrutement_finalise(structure=None, *, candidat=None, type_poste=TypePoste.CONSEILLER):
    """A recruitment validated by the national team (built directly, without the signal)."""
    structure = structure or structure_a("69")
    poste = (
        structure.postes.filter(type=type_poste)
        .exclude(mises_en_relation__statut__in=regles_recrutement.RECRUTES)
        .first()
    ) or ajouter_postes(structure, 1, type_poste=type_poste)[0]
    candidat = candidat or CandidatFactory(
        commune=structure.commune, departement=structure.departement
    )
    maintenant = timezone.now()
    debut = timezone.localdate() - timedelta(days=10)
    return MiseEnRelation.objects.create(
        candidat=candidat,
        structure=poste.structure,
        poste=poste,
        statut=regles_recrutement.FINALISEE,
        origine=MiseEnRelation.Origine.MATCHING,
        type_contrat="cdi",
        date_debut_contrat=debut,
        salaire_brut_mensuel=Decimal("1900.00"),
        taille_tenue="M",
        fiche_poste_publiee_le=debut - timedelta(days=40),
        validee_le=maintenant - timedelta(days=20),
        finalisee_le=maintenant,
    )


class ApprenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Apprenant

    organisme = factory.SubFactory(OrganismeFormationFactory)
    mise_en_relation = factory.LazyFunction(recrutement_finalise)
    utilisateur = factory.LazyAttribute(lambda o: o.mise_en_relation.candidat.utilisateur)


def centre(organisme, nom="Lyon", code_departement="69"):
    commune = CommuneFactory(nom=nom, departement=DepartementFactory(code=code_departement))
    return Centre.objects.create(organisme=organisme, commune=commune)


def apprenant_positionne(organisme, *, score=80, parcours="2024_70", **kwargs):
    kwargs.setdefault("etat", R.POSITIONNE)
    return ApprenantFactory(
        organisme=organisme,
        score_positionnement=score,
        date_positionnement=timezone.localdate() - timedelta(days=3),
        parcours=parcours,
        **kwargs,
    )


def session(organisme, *, centre=None, parcours="2024_70", debut=None, **kwargs):
    return Session.objects.create(
        organisme=organisme,
        centre=centre,
        parcours=parcours,
        date_debut=debut or timezone.localdate() + timedelta(days=14),
        **kwargs,
    )


def inscrits(organisme, session_, nombre: int) -> list[Apprenant]:
    """``nombre`` learners enrolled in ``session_`` (built directly)."""
    return [
        apprenant_positionne(
            organisme, parcours=session_.parcours, etat=R.INSCRIT, session=session_
        )
        for _ in range(nombre)
    ]
