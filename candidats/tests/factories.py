"""Factories of candidates, for this app's and the recruitment issue's tests.

CandidatFactory()                        # an available candidate in Gironde (33)
CandidatFactory(cv=True)                 # … with a small valid PDF CV in storage
CandidatFactory(cv__depose_le=il_y_a_7_mois)   # … uploaded then
CandidatFactory(commune__departement__code="69")
"""

from datetime import date

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from candidats.demo import pdf_minimal
from candidats.models import Candidat
from comptes.models import Habilitation
from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory
from territoires.tests.factories import CommuneFactory, DepartementFactory


def pdf_de_test(texte: str = "CV de test") -> bytes:
    return pdf_minimal([texte])


class CandidatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidat
        skip_postgeneration_save = True

    utilisateur = factory.SubFactory(UtilisateurFactory, telephone="0612345678")
    sexe = Candidat.Sexe.FEMME
    date_naissance = date(1990, 5, 17)
    commune = factory.SubFactory(
        CommuneFactory, departement=factory.SubFactory(DepartementFactory, code="33")
    )
    departement = factory.LazyAttribute(lambda o: o.commune.departement)
    distance_max = 20
    disponible_le = factory.LazyFunction(timezone.localdate)
    est_demandeur_emploi = True
    est_en_emploi = False
    est_en_formation = False
    est_diplome_med_num = False
    a_experience_med_num = False
    motivation = "J’aime expliquer le numérique et je veux en faire mon métier."
    consentement_le = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def cv(obj, create, extracted, **kwargs):
        if create and (extracted or kwargs):
            contenu = extracted if isinstance(extracted, bytes) else pdf_de_test()
            obj.cv.save("cv.pdf", ContentFile(contenu), save=False)
            obj.cv_depose_le = kwargs.get("depose_le") or timezone.now()
            obj.save()

    @factory.post_generation
    def habilitation(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Habilitation.objects.get_or_create(utilisateur=obj.utilisateur, role=Role.CANDIDAT)
