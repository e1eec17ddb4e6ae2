"""What the crawl (``test_exploration.py``) needs: every URL the resolver knows, who may open
it, how its path parameters are filled from the demo world, and what counts as a defect
on a page.

Who may open a page is read from the view itself (``role_requis`` leaves
``roles_autorises`` on it); a page without roles is public (crawled anonymously) unless it
is listed in ``CONNECTEES`` (any signed-in role). Path parameters come from ``PARAMETRES``:
one function per URL name, given the role's habilitation and scope, returning the kwargs
of an object inside that scope. A URL with parameters and no entry fails the crawl.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver

from comptes.roles import Role

# Not pages: the crawl checks what they are instead (``test_exclusions_ne_sont_pas_des_pages``).
# « post »: an action that answers 405 to a GET (its form lives on a page that is crawled);
# « fichier »: a download (CSV, XLSX, PDF, Markdown), not HTML;
# « json »: an API or autocompletion route answering JSON;
# « integration »: a route of an external service, closed (404) while its setting is unset.
# ``test_exclusions_ne_sont_pas_des_pages`` asks each of them with a GET.
EXCLUSIONS = {
    # Actions (POST only)
    "comptes:changer_role": "post",
    "comptes:equipe_terminer": "post",
    "candidats:disponibilite": "post",
    "candidats:cv_supprimer": "post",
    "candidats:pix_retirer": "post",
    "recrutement:preselectionner": "post",
    "recrutement:non_retenu": "post",
    "recrutement:remettre": "post",
    "recrutement:annuler_validation": "post",
    "recrutement:finaliser": "post",
    "instruction:annuler": "post",
    "instruction:confirmer": "post",
    "conventions:deposer_piece": "post",
    "conventions:instruire": "post",
    "conventions:verifier_piece": "post",
    "conventions:signer": "post",
    "conventions:suspendre": "post",
    "conventions:lever": "post",
    "conventions:rembourser": "post",
    "conventions:tranche": "post",
    "conventions:transferer": "post",
    "conventions:traiter_renouvellement": "post",
    "conventions:rupture": "post",
    "conventions:annuler_rupture": "post",
    "conventions:prolongation": "post",
    "conventions:renouveler_contrat": "post",
    "conventions:valider_rupture": "post",
    "conventions:pieces_rupture": "post",
    "conventions:valider_renouvellement_contrat": "post",
    "conventions:traiter_prolongation": "post",
    "formation:positionner": "post",
    "formation:dispenser": "post",
    "formation:inscrire": "post",
    "formation:valider": "post",
    "formation:resultats": "post",
    "formation:abandon": "post",
    "formation:module": "post",
    "formation:reaffecter": "post",
    "formation:ouvrir": "post",
    "formation:presences": "post",
    "pilotage:lire_notification": "post",
    # Downloads
    "public:export_carte": "fichier",
    "public:fichier_donnees": "fichier",
    "structures:telecharger_document": "fichier",
    "structures:document_format": "fichier",
    "candidats:cv": "fichier",
    "candidats:mes_donnees": "fichier",  # the candidate's own data (RGPD), as a download
    "conventions:piece": "fichier",
    "activite:export_activites": "fichier",
    "activite:statistiques_export": "fichier",
    "activite:statistiques_pdf": "fichier",
    "activite:statistiques_publiques_pdf": "fichier",
    # Integrations that exist only once their setting is given (404 without it, as here):
    # the ProConnect redirects and the mail provider's webhook (a POST from Brevo).
    "comptes:proconnect": "integration",
    "comptes:proconnect_retour": "integration",
    "comptes:suivi_brevo": "integration",
    # JSON
    "territoires:communes": "json",
    "api_v1:openapi-json": "json",
    "api_v1:sante": "json",
    "api_v1:lieux": "json",
    "api_v1:lieux_retires": "json",
    "api_v1:conseillers": "json",
    "api_v1:structures": "json",
    "api_v1:conventions": "json",
    "api_v1:postes": "json",
    "api_v1:statistiques": "json",
    "api_v1:creer_activite": "post",  # the partners' report: a POST of JSON
    "api_v1:api-root": "prefixe",  # names the API's prefix for reverse(); serves nothing
    # Signing out is a POST (the header's button).
    "comptes:deconnexion": "post",
}

# The query an export needs to answer its file (its page is the list it exports).
REQUETES = {
    "activite:export_activites": "?format=csv",
    "activite:statistiques_export": "?format=csv",
}

# Pages behind ``login_required`` without a role: every role opens them.
CONNECTEES = {
    "comptes:espace",
    "pilotage:notifications",
    "comptes:equipe_invitation",
    "candidats:creer_profil",
}
# Pages a signed-in role opens for itself only (its own home).
PAR_ROLE = {"comptes:accueil_role"}
# Roles that open a ``CONNECTEES`` page (the team invitation is the advisor's; a signed-in
# person creates a candidate profile, the demo candidate is sent on to the space it has).
ROLES_CONNECTEES = {
    "comptes:equipe_invitation": [Role.CONSEILLER],
    "candidats:creer_profil": [Role.CANDIDAT],
}

ANONYME = "anonyme"
LARGEURS = (1280, 375)


def _motifs(resolveur=None, espaces=()):
    resolveur = resolveur or get_resolver()
    for motif in resolveur.url_patterns:
        if isinstance(motif, URLResolver):
            if str(motif.pattern).startswith("administration/"):
                continue  # Django's admin: ANCT only, not a page of the platform's design
            yield from _motifs(motif, (*espaces, motif.namespace) if motif.namespace else espaces)
        elif isinstance(motif, URLPattern) and motif.name:
            yield ":".join((*espaces, motif.name)), motif


def _roles_de_la_vue(vue) -> frozenset[str] | None:
    while vue is not None:
        if hasattr(vue, "roles_autorises"):
            return vue.roles_autorises
        vue = getattr(vue, "__wrapped__", None)
    return None


def routes() -> dict[str, object]:
    """Every named URL of the platform (the admin excepted): name → pattern."""
    return dict(_motifs())


def roles(nom: str, motif) -> list[str]:
    if nom in PAR_ROLE:
        return list(Role.values)
    if nom in ROLES_CONNECTEES:
        return list(ROLES_CONNECTEES[nom])
    if nom in CONNECTEES:
        return list(Role.values)
    declares = _roles_de_la_vue(motif.callback)
    if declares is None:
        return [ANONYME]
    return sorted(declares)


def visites() -> list[tuple[str, str]]:
    """(URL name, role) for every page the crawl opens."""
    return [
        (nom, role)
        for nom, motif in routes().items()
        if nom not in EXCLUSIONS
        for role in roles(nom, motif)
    ]


# --- Path parameters ------------------------------------------------------------------
# Each function receives the role's habilitation (None for anonymous) and its scope, and
# returns the URL kwargs of one object inside that scope.


def _premier(qs, message):
    objet = qs.order_by("pk").first()
    if objet is None:
        raise LookupError(message)
    return objet


def _jeton_verification(h, p):
    from comptes.jetons import jeton_verification
    from comptes.models import Utilisateur

    u, _ = Utilisateur.objects.get_or_create(
        email="a-confirmer@exploration.test", defaults={"prenom": "Ada", "nom": "Confirmer"}
    )
    return {"jeton": jeton_verification(u)}


def _reinitialisation(h, p):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from comptes.models import Utilisateur

    u = Utilisateur.objects.get(email="candidat@demo.conseiller-numerique.fr")
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(u.pk)),
        "token": default_token_generator.make_token(u),
    }


def _invitation(h, p):
    from django.utils import timezone

    from comptes.jetons import jeton_invitation
    from comptes.models import Invitation

    invitation, _ = Invitation.objects.get_or_create(
        email="nouvelle-prefecture@exploration.test",
        role=Role.PREFECTURE,
        departement_id="33",
        defaults={"expire_le": timezone.now() + timedelta(days=30)},
    )
    return {"jeton": jeton_invitation(invitation)}


def _invitation_equipe(h, p):
    from comptes import equipes
    from comptes.models import Habilitation, InvitationEquipe

    coordination = _premier(
        Habilitation.objects.filter(role=Role.COORDINATEUR), "aucun coordinateur"
    )
    invitation = InvitationEquipe.objects.filter(
        conseiller=h.utilisateur, acceptee_le__isnull=True, refusee_le__isnull=True
    ).first() or InvitationEquipe.objects.create(
        coordination=coordination, conseiller=h.utilisateur
    )
    return {"jeton": equipes.jeton(invitation)}


def _evenement(h, p):
    from comptes.selectors import evenements_for_user

    return {"pk": _premier(evenements_for_user(p), "aucun événement").pk}


def _lieu_public(h, p):
    from public.selectors import lieux_publics

    return {"pk": _premier(lieux_publics(), "aucun lieu public").pk}


def _structure(h, p):
    from structures.selectors import structures_for_user

    return {"pk": _premier(structures_for_user(p), "aucune structure").pk}


def _document(h, p):
    from structures.kit import DOCUMENTS

    return {"slug": next(iter(DOCUMENTS))}


def _candidat(h, p):
    from candidats.selectors import candidats_for_user

    return {"pk": _premier(candidats_for_user(p), "aucun candidat").pk}


def _candidat_de_la_structure(h, p):
    from recrutement.models import MiseEnRelation

    mer = _premier(
        MiseEnRelation.objects.filter(structure_id=p.structure_id), "aucune mise en relation"
    )
    return {"pk": mer.candidat_id}


def _candidat_preselectionne(h, p):
    from recrutement import rules
    from recrutement.models import MiseEnRelation

    mer = _premier(
        MiseEnRelation.objects.filter(structure_id=p.structure_id, statut=rules.INTERESSEE),
        "aucun candidat présélectionné",
    )
    return {"pk": mer.candidat_id}


def _recrutement(h, p):
    from recrutement import rules
    from recrutement.selectors import mises_en_relation_for_user

    mer = _premier(mises_en_relation_for_user(p).filter(statut=rules.RECRUTEE), "aucun recrutement")
    return {"pk": mer.pk}


def _type_demande(h, p):
    return {"type_demande": "B"}


def _demande(h, p):
    from instruction.selectors import demandes_for_user

    return {"pk": _premier(demandes_for_user(p), "aucune demande").pk}


def _demande_a_instruire(h, p):
    from instruction.selectors import a_instruire_for_user

    return {"pk": _premier(a_instruire_for_user(p), "aucune demande à instruire").pk}


def _comite(h, p):
    from instruction.models import Comite

    return {"pk": _premier(Comite.objects.all(), "aucun comité").pk}


def _derogation(h, p):
    from instruction import services
    from instruction.choix import StatutComite
    from instruction.models import Comite

    comite = _premier(
        Comite.objects.filter(statut=StatutComite.EN_PREPARATION), "aucun comité en préparation"
    )
    proposition = next(iter(services.apercu(comite).propositions), None)
    if proposition is None:
        raise LookupError("aucune demande dans le comité en préparation")
    return {
        "pk": comite.pk,
        "demande_pk": proposition.demande,
        "type_poste": proposition.type_poste,
    }


def _dossier(h, p):
    from conventions.selectors import dossiers_for_user

    return {"pk": _premier(dossiers_for_user(p), "aucun dossier").pk}


def _convention(h, p):
    from conventions.selectors import conventions_for_user

    return {"pk": _premier(conventions_for_user(p), "aucune convention").pk}


def _contrat(h, p):
    from conventions.selectors import contrats_for_user

    return {"pk": _premier(contrats_for_user(p), "aucun contrat").pk}


def _activite(h, p):
    from activite.models import Activite

    return {"pk": _premier(Activite.objects.filter(conseiller=h.utilisateur), "aucune activité").pk}


def _type_activite(h, p):
    return {"type_activite": "individuel"}


def _lieu(h, p):
    from activite.selectors import mes_lieux

    return {"pk": _premier(mes_lieux(h.utilisateur), "aucun lieu").pk}


def _beneficiaire(h, p):
    from activite.models import Beneficiaire

    return {
        "pk": _premier(
            Beneficiaire.objects.filter(conseiller=h.utilisateur), "aucun bénéficiaire"
        ).pk
    }


def _apprenant(h, p):
    from formation import selectors

    return {"pk": _premier(selectors.apprenants(p), "aucun apprenant").pk}


def _session(h, p):
    from formation import selectors

    return {"pk": _premier(selectors.sessions(p), "aucune session").pk}


def _conseiller(h, p):
    from pilotage.selectors import conseillers_for_user

    return {"pk": _premier(conseillers_for_user(p), "aucun conseiller").utilisateur_id}


def _obligation(h, p):
    from django.utils import timezone

    from pilotage import obligations
    from structures.models import Structure

    attendue = next(
        iter(
            obligations.obligations(
                Structure.objects.filter(pk=p.structure_id), timezone.localdate()
            )
        ),
        None,
    )
    if attendue is None:
        raise LookupError("aucun rapport attendu")
    return {"type_": attendue.periode.type, "debut": attendue.periode.debut.isoformat()}


def _gabarit(h, p):
    from noyau.courriels import catalogue

    return {"gabarit": catalogue()[0].gabarit}


def _role(h, p):
    return {"role": h.role}


def _document_bureautique(h, p):
    return {**_document(h, p), "format": "pdf"}


def _fichier_donnees(h, p):
    from public.donnees_ouvertes import FICHIERS

    return {"nom": next(iter(FICHIERS))}


def _cv(h, p):
    from candidats.selectors import cv_for_user

    return {"pk": _premier(cv_for_user(p).exclude(cv=""), "aucun CV").pk}


def _piece(h, p):
    from conventions.models import PieceJustificative
    from conventions.selectors import dossiers_for_user

    piece = _premier(
        PieceJustificative.objects.filter(dossier__in=dossiers_for_user(p)), "aucune pièce"
    )
    return {"pk": piece.pk}


PARAMETRES = {
    "public:lieu": _lieu_public,
    "public:fichier_donnees": _fichier_donnees,
    "structures:telecharger_document": _document,
    "structures:document_format": _document_bureautique,
    "candidats:cv": _cv,
    "conventions:piece": _piece,
    "comptes:verifier_email": _jeton_verification,
    "comptes:password_reset_confirm": _reinitialisation,
    "comptes:invitation": _invitation,
    "comptes:evenement": _evenement,
    "comptes:equipe_invitation": _invitation_equipe,
    "comptes:accueil_role": _role,
    "structures:detail": _structure,
    "structures:document": _document,
    "candidats:detail": _candidat,
    "recrutement:candidat": _candidat_de_la_structure,
    "recrutement:valider": _candidat_preselectionne,
    "recrutement:annuler_recrutement": _recrutement,
    "instruction:deposer": _type_demande,
    "instruction:demande": _demande,
    "instruction:avis": _demande_a_instruire,
    "instruction:comite": _comite,
    "instruction:derogation": _derogation,
    "conventions:dossier": _dossier,
    "conventions:convention": _convention,
    "conventions:contrat": _contrat,
    "activite:creer": _type_activite,
    "activite:activite": _activite,
    "activite:modifier": _activite,
    "activite:dupliquer": _activite,
    "activite:supprimer": _activite,
    "activite:lieu_modifier": _lieu,
    "activite:lieu_supprimer": _lieu,
    "activite:beneficiaire": _beneficiaire,
    "activite:beneficiaire_modifier": _beneficiaire,
    "activite:beneficiaire_supprimer": _beneficiaire,
    "formation:apprenant": _apprenant,
    "formation:session": _session,
    "pilotage:conseiller": _conseiller,
    "pilotage:deposer": _obligation,
    "pilotage:apercu_courriel": _gabarit,
}
