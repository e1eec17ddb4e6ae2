"""The structure's documents kit, written once as blocks and rendered as a page or as a
Markdown file to download and edit.

Sources: the employer guide [003] (steps 2, 4 and 7, annexes 1–4: what each document is
for, the advice given) and the AMI texts [000][001] (missions, commitments, training,
subsidy). The texts below are original wording; only short phrases are quoted.

Blocks: ("h2"|"h3"|"p"|"note", text), ("ul"|"ol", [items]), ("table", {legende, entetes,
lignes}). "[nom de la structure]" and "[commune]" are filled in with the structure's own;
other bracketed placeholders are left for the structure to complete.
"""

from dataclasses import dataclass, field

AVERTISSEMENT_JURIDIQUE = (
    "Modèle indicatif, sans valeur juridique par lui-même : la structure reste seule "
    "responsable des actes qu’elle signe. Faites-le relire par votre service juridique ou "
    "votre centre de gestion, et adaptez-le à votre situation."
)


@dataclass(frozen=True)
class Document:
    slug: str
    titre: str
    resume: str
    blocs: list = field(default_factory=list)


MISSIONS = [
    "soutenir les habitants dans leurs usages quotidiens du numérique : travailler à "
    "distance, consulter un médecin, vendre un objet, acheter en ligne ;",
    "sensibiliser aux enjeux du numérique et favoriser des usages citoyens et critiques : "
    "vérifier une information, protéger ses données personnelles, maîtriser les réseaux "
    "sociaux, suivre la scolarité de ses enfants ;",
    "rendre les usagers autonomes pour leurs démarches administratives en ligne.",
]

FICHE_DE_POSTE = Document(
    slug="fiche-de-poste",
    titre="Fiche de poste type : conseiller numérique",
    resume="À adapter, puis à publier au moins 30 jours avant la signature du contrat.",
    blocs=[
        (
            "note",
            "Publiez l’offre le plus tôt possible, et au moins 30 jours avant la signature du "
            "contrat (sur emploi-territorial.fr pour une collectivité). Précisez les lieux et "
            "les missions propres à votre territoire, et rappelez aux candidats qu’ils doivent "
            "aussi s’inscrire sur la plateforme conseiller-numerique.gouv.fr.",
        ),
        ("h2", "Le poste"),
        (
            "ul",
            [
                "Intitulé : conseiller numérique France Services (femme ou homme)",
                "Employeur : [nom de la structure], [commune]",
                "Lieux d’exercice : [lieux d’accueil du public, permanences, itinérance]",
                "Temps de travail : temps complet (35 heures par semaine)",
                "Contrat : [contrat de projet, CDD ou CDI], d’une durée de [durée]",
                "Rémunération : [montant brut mensuel], au moins égale au SMIC",
                "Prise de poste : [date], la formation initiale ayant lieu au début du contrat",
            ],
        ),
        ("h2", "Le contexte"),
        (
            "p",
            "L’État finance, avec le dispositif Conseiller numérique France Services, des "
            "postes de médiateurs formés qui accompagnent gratuitement les habitants vers "
            "l’autonomie numérique, au plus près de chez eux. [Nom de la structure] accueille "
            "ce poste pour [décrire en deux phrases les besoins du territoire et les publics "
            "visés].",
        ),
        ("h2", "Les missions"),
        ("p", "Le conseiller numérique a trois missions prioritaires :"),
        ("ul", MISSIONS),
        ("h2", "Les activités"),
        (
            "ul",
            [
                "accueillir, écouter et informer les usagers, seuls ou en groupe ;",
                "accompagner une personne pas à pas, en lui faisant faire plutôt qu’en faisant "
                "à sa place ;",
                "concevoir et animer des ateliers thématiques (prise en main d’un smartphone, "
                "courriel, sécurité, démarches en ligne…) ;",
                "présenter les services et dispositifs existants et orienter vers les "
                "structures compétentes (France Services, services sociaux, Pôle emploi…) ;",
                "conclure, lorsque c’est nécessaire, des mandats Aidants Connect pour réaliser "
                "une démarche au nom d’une personne ;",
                "aller vers les publics éloignés : permanences dans des lieux de passage, "
                "itinérance, actions hors les murs ;",
                "enregistrer chaque accompagnement dans l’outil de suivi d’activité ;",
                "participer aux rencontres du réseau des conseillers et à la formation continue.",
            ],
        ),
        ("h2", "Ce que les usagers apprennent avec le conseiller"),
        (
            "ul",
            [
                "prendre en main un ordinateur, une tablette ou un smartphone ;",
                "naviguer sur Internet, envoyer et gérer ses courriels ;",
                "installer et utiliser des applications utiles ;",
                "ranger, partager et protéger ses documents et photos ;",
                "connaître le vocabulaire du numérique et les bases du traitement de texte ;",
                "et, selon les besoins : échanger avec ses proches, chercher un emploi ou une "
                "formation, suivre la scolarité de ses enfants, faire connaître sa petite "
                "entreprise en ligne.",
            ],
        ),
        ("h2", "Le profil recherché"),
        ("h3", "Qualités attendues (prioritaires)"),
        (
            "ul",
            [
                "goût du contact et sens du service rendu à tous les publics ;",
                "patience, écoute et capacité à expliquer simplement ;",
                "capacité d’adaptation : publics variés, lieux différents, imprévus ;",
                "discrétion et respect de la confidentialité des données des usagers.",
            ],
        ),
        ("h3", "Compétences"),
        (
            "ul",
            [
                "usages courants du numérique : ordinateur, smartphone, Internet, courriel, "
                "bureautique ;",
                "aisance à l’oral et capacité à animer un petit groupe ;",
                "sens de l’organisation et autonomie.",
            ],
        ),
        ("h3", "Atouts"),
        (
            "ul",
            [
                "une première expérience de médiation numérique, d’animation, d’accueil ou "
                "d’accompagnement social ;",
                "la connaissance du territoire et de ses acteurs ;",
                "le permis B si le poste est itinérant.",
            ],
        ),
        (
            "p",
            "Aucun diplôme n’est exigé : la formation est assurée après le recrutement.",
        ),
        ("h2", "La formation"),
        (
            "p",
            "Au début du contrat, le conseiller suit une formation certifiante prise en charge "
            "par l’État (premier certificat de compétences du titre professionnel « responsable "
            "d’espace de médiation numérique »). Sa durée dépend d’un test de positionnement "
            "passé avec l’organisme de formation. La formation se déroule pendant le temps de "
            "travail.",
        ),
        ("h2", "Les conditions d’exercice"),
        (
            "ul",
            [
                "ordinateur, téléphone et espace de travail fournis par l’employeur ;",
                "tenue dédiée au dispositif, fournie par l’État ;",
                "déplacements sur le territoire [préciser : véhicule de service, "
                "remboursement des frais] ;",
                "horaires adaptés aux publics, ponctuellement en soirée ou le samedi [à préciser].",
            ],
        ),
        ("h2", "Pour candidater"),
        (
            "ol",
            [
                "S’inscrire sur la plateforme conseiller-numerique.gouv.fr (obligatoire pour "
                "être recruté dans le dispositif).",
                "Envoyer un CV et quelques lignes de motivation à [contact], avant le [date].",
            ],
        ),
    ],
)

CRITERES = [
    (
        "Motivation pour le poste et le service aux habitants",
        "Sait dire pourquoi ce métier, connaît le dispositif, se projette sur le territoire",
        True,
    ),
    (
        "Qualités relationnelles et écoute",
        "Reformule, laisse parler, s’intéresse à la personne avant l’outil",
        True,
    ),
    (
        "Pédagogie",
        "Explique simplement, vérifie la compréhension, fait faire plutôt que faire à la place",
        True,
    ),
    (
        "Patience et gestion des situations difficiles",
        "Reste calme face à l’énervement ou à la détresse, propose une issue",
        True,
    ),
    (
        "Posture professionnelle",
        "Respecte la confidentialité, la neutralité, connaît les limites de son rôle",
        True,
    ),
    (
        "Adaptabilité",
        "Publics variés (âge, handicap, langue), lieux changeants, itinérance",
        False,
    ),
    (
        "Organisation et autonomie",
        "Prépare un atelier, gère son temps et ses rendez-vous, rend compte",
        False,
    ),
    (
        "Usages numériques courants",
        "Smartphone, courriel, recherche, sécurité de base ; résultats PIX s’ils sont partagés",
        False,
    ),
    (
        "Connaissance du territoire et de ses acteurs",
        "Sait vers qui orienter : France Services, services sociaux, associations",
        False,
    ),
]

GUIDE_ENTRETIEN = Document(
    slug="guide-entretien",
    titre="Guide d’entretien et grille d’évaluation",
    resume="Un déroulé, des questions, quatre mises en situation et une grille commune.",
    blocs=[
        (
            "note",
            "Rencontrez toujours plusieurs candidats, et posez-leur les mêmes questions. La "
            "formation venant après le recrutement, choisissez d’abord sur la motivation et "
            "les qualités relationnelles : les compétences techniques s’acquièrent.",
        ),
        ("h2", "Avant l’entretien"),
        (
            "ul",
            [
                "relisez le CV et la motivation du candidat dans votre espace ;",
                "consultez ses résultats PIX s’il a choisi de les partager : c’est une "
                "indication, pas un critère éliminatoire ;",
                "prévoyez deux personnes pour mener l’entretien, une salle calme et un "
                "smartphone ou un ordinateur pour les mises en situation ;",
                "imprimez une grille d’évaluation par candidat.",
            ],
        ),
        ("h2", "Déroulé (45 minutes environ)"),
        (
            "ol",
            [
                "Accueil et présentation de la structure et du poste (5 minutes).",
                "Parcours et motivation du candidat (10 minutes).",
                "Connaissance du dispositif et du territoire (5 minutes).",
                "Mises en situation (15 minutes).",
                "Questions du candidat ; formation, calendrier et conditions du poste (5 minutes).",
                "Conclusion : prochaines étapes et date de réponse (5 minutes).",
            ],
        ),
        ("h2", "Questions possibles"),
        ("h3", "Parcours et motivation"),
        (
            "ul",
            [
                "Qu’est-ce qui vous donne envie d’aider les autres à utiliser le numérique ?",
                "Racontez une situation où vous avez appris quelque chose à quelqu’un. "
                "Comment vous y êtes-vous pris ?",
                "Que savez-vous du dispositif Conseiller numérique et de ses missions ?",
            ],
        ),
        ("h3", "Relation avec les publics"),
        (
            "ul",
            [
                "Quels publics imaginez-vous accompagner ici ? Qu’est-ce qui peut les freiner ?",
                "Comment vous adapteriez-vous à une personne qui ne lit pas bien le français, "
                "ou qui a un handicap ?",
                "Une personne vous confie ses identifiants : que faites-vous ?",
            ],
        ),
        ("h3", "Organisation et travail en réseau"),
        (
            "ul",
            [
                "Comment prépareriez-vous un premier atelier sur les courriels ?",
                "Vers quels acteurs du territoire orienteriez-vous une personne en difficulté "
                "avec ses démarches sociales ?",
                "Comment rendriez-vous compte de votre activité à votre employeur ?",
            ],
        ),
        ("h2", "Mises en situation"),
        (
            "p",
            "Jouez la scène avec le candidat : l’un des recruteurs tient le rôle de l’usager. "
            "Sous chaque scène, ce que l’on observe.",
        ),
        (
            "ol",
            [
                "Une dame de 78 ans arrive inquiète avec un smartphone neuf offert par ses "
                "enfants : elle doit prendre rendez-vous chez son médecin en ligne et ne se "
                "souvient d’aucun mot de passe. Observé : le calme, la reformulation, le fait "
                "de lui laisser l’appareil en main, la prudence avec ses données.",
                "Devant un petit groupe, expliquez en trois minutes comment reconnaître un "
                "courriel frauduleux. Observé : un vocabulaire simple, des exemples concrets, "
                "la vérification que le groupe a compris.",
                "Un usager vous tend ses identifiants et vous demande de faire sa déclaration "
                "de revenus à sa place. Observé : les limites de son rôle, la confidentialité, "
                "la connaissance d’Aidants Connect ou l’orientation vers France Services.",
                "Un homme s’emporte : le site d’une administration ne fonctionne pas et il "
                "risque de perdre une allocation. Observé : l’écoute, l’apaisement, une "
                "solution de repli (téléphone, rendez-vous, autre structure).",
            ],
        ),
        ("h2", "Grille d’évaluation"),
        (
            "p",
            "Notez chaque critère de 1 à 4 : 1 insuffisant, 2 à développer, 3 satisfaisant, "
            "4 très satisfaisant. Les cinq premiers critères comptent double : total sur 56.",
        ),
        (
            "table",
            {
                "legende": "Grille d’évaluation d’un candidat",
                "entetes": ["Critère", "Ce que l’on observe", "Coefficient", "Note (1 à 4)"],
                "lignes": [
                    [critere, observe, "2" if double else "1", ""]
                    for critere, observe, double in CRITERES
                ]
                + [["Total", "", "", "… / 56"]],
            },
        ),
        ("h2", "Après l’entretien"),
        (
            "ul",
            [
                "comparez les grilles à deux, puis répondez à tous les candidats rencontrés ;",
                "choisissez dans les 15 jours qui suivent la présentation du candidat, puis "
                "cliquez sur « Valider cette candidature » dans votre espace ;",
                "signez le contrat dans les 15 jours qui suivent votre choix, après avoir pris "
                "contact avec l’organisme de formation.",
            ],
        ),
    ],
)

MODELE_CONTRAT = Document(
    slug="modele-contrat",
    titre="Modèle de contrat de projet : conseiller numérique (structure publique)",
    resume="Un contrat de projet de la fonction publique territoriale, article par article.",
    blocs=[
        ("note", AVERTISSEMENT_JURIDIQUE),
        (
            "p",
            "Le contrat de projet convient à la plupart des situations des structures "
            "publiques. Une structure privée emploie son conseiller sous contrat de droit "
            "privé : CDI, CDD (18 mois au plus, renouvellement compris), contrat de projet si "
            "sa branche le permet, ou contrat aidé (PEC) pour une association.",
        ),
        ("h2", "Entre les soussignés"),
        (
            "p",
            "[Nom de la structure], représentée par [prénom, nom, fonction], habilité(e) par "
            "la délibération n° [numéro] du [date], ci-après « l’employeur »,",
        ),
        (
            "p",
            "et [Madame / Monsieur] [prénom, nom], né(e) le [date] à [lieu], demeurant "
            "[adresse], ci-après « l’agent ».",
        ),
        ("h2", "Visas"),
        (
            "ul",
            [
                "le code général de la fonction publique, notamment ses articles L. 332-24 à "
                "L. 332-26 relatifs au contrat de projet ;",
                "le décret n° 88-145 du 15 février 1988 relatif aux agents contractuels de la "
                "fonction publique territoriale ;",
                "le décret n° 2020-172 du 27 février 2020 relatif au contrat de projet dans la "
                "fonction publique ;",
                "la délibération du [date] créant l’emploi non permanent de conseiller numérique ;",
                "la convention de subvention conclue avec la Banque des Territoires le [date].",
            ],
        ),
        ("h2", "Article 1 – Objet"),
        (
            "p",
            "L’agent est recruté par contrat de projet, sur un emploi non permanent de "
            "conseiller numérique France Services, pour mener à bien le projet « [intitulé du "
            "projet d’inclusion numérique] » de [nom de la structure].",
        ),
        ("h2", "Article 2 – Durée"),
        (
            "p",
            "Le contrat prend effet le [date]. Il prend fin à la réalisation du projet, prévue "
            "le [date], soit une durée prévisible de [nombre] mois (un an au moins, six ans au "
            "plus). Il peut être rompu avant son terme, après un an d’exécution, si le projet "
            "ne peut se réaliser ou si son résultat est atteint plus tôt que prévu, dans les "
            "conditions prévues par les textes visés.",
        ),
        ("h2", "Article 3 – Fonctions"),
        ("p", "L’agent exerce, à temps complet et gratuitement pour les usagers, les missions :"),
        ("ul", MISSIONS),
        (
            "p",
            "Il accompagne les usagers individuellement ou en atelier, les oriente vers les "
            "structures compétentes, peut conclure des mandats Aidants Connect et enregistre "
            "chaque accompagnement dans l’outil de suivi d’activité. [Ajouter les missions "
            "propres à la structure.]",
        ),
        ("h2", "Article 4 – Formation"),
        (
            "p",
            "L’agent suit, dès le début du contrat et pendant son temps de travail, la "
            "formation initiale prise en charge par l’État, selon le parcours fixé par "
            "l’organisme de formation après un test de positionnement ; puis la formation "
            "continue du dispositif. L’employeur lui laisse le temps nécessaire et facilite sa "
            "participation à l’examen de certification.",
        ),
        ("h2", "Article 5 – Lieu de travail et moyens"),
        (
            "p",
            "L’agent exerce à [lieux], ainsi que dans les lieux de passage du territoire "
            "(permanences, itinérance). L’employeur met à sa disposition un ordinateur, un "
            "téléphone, un espace de travail [et un véhicule]. L’agent porte la tenue du "
            "dispositif lors de ses activités.",
        ),
        ("h2", "Article 6 – Temps de travail"),
        (
            "p",
            "La durée hebdomadaire de travail est de 35 heures, organisées ainsi : "
            "[organisation des horaires].",
        ),
        ("h2", "Article 7 – Rémunération"),
        (
            "p",
            "L’agent est rémunéré sur la base de l’indice brut [indice], indice majoré "
            "[indice] (grade de référence : [grade]), soit un montant au moins égal au SMIC, "
            "auquel s’ajoutent [le supplément familial de traitement et le régime indemnitaire "
            "prévu par la délibération du [date]].",
        ),
        ("h2", "Article 8 – Période d’essai"),
        (
            "p",
            "Le contrat comporte une période d’essai de [durée], dans les limites fixées par "
            "l’article 4 du décret n° 88-145 du 15 février 1988.",
        ),
        ("h2", "Article 9 – Droits et obligations"),
        (
            "p",
            "L’agent a les droits et obligations des agents publics : exécuter les tâches "
            "confiées, obéissance hiérarchique, dignité, impartialité, probité, neutralité et "
            "respect de la laïcité, prévention des conflits d’intérêts, secret et discrétion "
            "professionnels, devoir d’information du public, réserve.",
        ),
        ("h2", "Article 10 – Protection sociale"),
        (
            "p",
            "L’agent relève du régime général de la sécurité sociale et du régime de retraite "
            "complémentaire de l’IRCANTEC.",
        ),
        ("h2", "Article 11 – Fin du contrat"),
        (
            "p",
            "Le contrat prend fin à la réalisation du projet ou à l’échéance prévue. Il ne "
            "donne droit ni à un contrat à durée indéterminée ni à une titularisation. En cas "
            "de rupture anticipée à l’initiative de l’employeur, l’agent perçoit l’indemnité "
            "prévue par les textes.",
        ),
        ("h2", "Article 12 – Litiges"),
        (
            "p",
            "Tout litige relatif au présent contrat relève du tribunal administratif de "
            "[ville], qui peut être saisi dans un délai de deux mois à compter de sa "
            "notification.",
        ),
        (
            "p",
            "Fait en deux exemplaires à [commune], le [date]. Signatures de l’employeur et de "
            "l’agent, précédées de la mention « lu et approuvé ».",
        ),
    ],
)

MODELE_DELIBERATION = Document(
    slug="modele-deliberation",
    titre="Modèle de délibération autorisant le recrutement",
    resume="Créer l’emploi, inscrire les crédits et autoriser la signature de la convention.",
    blocs=[
        ("note", AVERTISSEMENT_JURIDIQUE),
        (
            "p",
            "Faites voter l’autorisation le plus tôt possible : la délibération qui autorise "
            "le recrutement et prévoit les crédits est demandée pour instruire le dossier de "
            "subvention.",
        ),
        (
            "p",
            "Le [conseil municipal / conseil communautaire / conseil d’administration] de "
            "[nom de la structure], réuni le [date] sous la présidence de [prénom, nom],",
        ),
        ("h2", "Visas"),
        (
            "ul",
            [
                "le code général des collectivités territoriales ;",
                "le code général de la fonction publique, notamment son article L. 313-1 "
                "(création des emplois par l’organe délibérant) et ses articles L. 332-24 à "
                "L. 332-26 (contrat de projet) ;",
                "le décret n° 88-145 du 15 février 1988 relatif aux agents contractuels de la "
                "fonction publique territoriale ;",
                "le décret n° 2020-172 du 27 février 2020 relatif au contrat de projet dans la "
                "fonction publique ;",
                "le tableau des emplois de la structure ;",
                "la décision du comité de sélection du dispositif Conseiller numérique France "
                "Services du [date], attribuant [nombre] poste(s) à [nom de la structure].",
            ],
        ),
        ("h2", "Considérant"),
        (
            "ul",
            [
                "que l’État finance, dans le cadre du dispositif Conseiller numérique France "
                "Services, la formation et une partie de la rémunération de conseillers "
                "chargés d’accompagner les habitants dans leurs usages du numérique ;",
                "que [décrire les besoins du territoire : publics éloignés du numérique, "
                "démarches en ligne, zones rurales ou quartiers prioritaires] ;",
                "que la subvention de [montant] € par poste est versée en trois tranches par "
                "la Banque des Territoires ;",
                "que ce projet, d’une durée prévisible de [nombre] mois, justifie le recours au "
                "contrat de projet.",
            ],
        ),
        ("h2", "Après en avoir délibéré, décide"),
        (
            "ol",
            [
                "de créer [nombre] emploi(s) non permanent(s) de conseiller numérique France "
                "Services à temps complet, pourvu(s) par contrat de projet d’une durée "
                "prévisible de [nombre] mois, pour mener à bien le projet « [intitulé] » ;",
                "que les agents recrutés exerceront les missions du dispositif : usages "
                "quotidiens du numérique, usages citoyens et critiques, autonomie dans les "
                "démarches administratives en ligne ;",
                "que leur rémunération sera fixée par référence au grade de [grade], indice "
                "brut [indice], et ne pourra être inférieure au SMIC ;",
                "d’autoriser [le maire / le président] à signer les contrats de travail, la "
                "convention de subvention avec la Banque des Territoires et tout document "
                "s’y rapportant ;",
                "d’inscrire les crédits correspondants au budget [année], chapitre 012, et la "
                "recette de la subvention au chapitre [chapitre] ;",
                "de mettre à jour le tableau des emplois en conséquence.",
            ],
        ),
        (
            "p",
            "La présente délibération peut faire l’objet d’un recours devant le tribunal "
            "administratif de [ville] dans un délai de deux mois à compter de sa publication.",
        ),
        ("p", "Fait et délibéré à [commune], le [date]. Le [maire / président], [signature]."),
    ],
)

DOCUMENTS = {
    d.slug: d for d in (FICHE_DE_POSTE, GUIDE_ENTRETIEN, MODELE_CONTRAT, MODELE_DELIBERATION)
}


def _remplir(texte: str, contexte: dict) -> str:
    for jeton, cle in (
        ("[nom de la structure]", "structure"),
        ("[Nom de la structure]", "structure"),
        ("[commune]", "commune"),
        ("[ville]", "commune"),
        ("[contact]", "contact"),
        ("[prénom, nom, fonction]", "representant"),
    ):
        if contexte.get(cle):
            texte = texte.replace(jeton, contexte[cle])
    return texte


def blocs_remplis(document: Document, contexte: dict) -> list:
    """The blocks with the structure's name and commune filled in."""
    resultat = []
    for genre, contenu in document.blocs:
        if genre in ("ul", "ol"):
            contenu = [_remplir(t, contexte) for t in contenu]
        elif genre == "table":
            contenu = {
                **contenu,
                "lignes": [[_remplir(c, contexte) for c in ligne] for ligne in contenu["lignes"]],
            }
        else:
            contenu = _remplir(contenu, contexte)
        resultat.append((genre, contenu))
    return resultat


def en_markdown(document: Document, contexte: dict) -> str:
    """The document as Markdown text: opens in any editor, converts to any office format."""
    lignes = [f"# {document.titre}", ""]
    for genre, contenu in blocs_remplis(document, contexte):
        if genre == "h2":
            lignes += [f"## {contenu}", ""]
        elif genre == "h3":
            lignes += [f"### {contenu}", ""]
        elif genre == "p":
            lignes += [contenu, ""]
        elif genre == "note":
            lignes += [f"> {contenu}", ""]
        elif genre == "ul":
            lignes += [f"- {item}" for item in contenu] + [""]
        elif genre == "ol":
            lignes += [f"{i}. {item}" for i, item in enumerate(contenu, start=1)] + [""]
        elif genre == "table":
            entetes = contenu["entetes"]
            lignes.append("| " + " | ".join(entetes) + " |")
            lignes.append("|" + "|".join(" --- " for _ in entetes) + "|")
            for ligne in contenu["lignes"]:
                lignes.append("| " + " | ".join(c.replace("|", "/") for c in ligne) + " |")
            lignes.append("")
    lignes.append(
        "Document du kit de la structure d’accueil, plateforme Conseiller numérique France "
        "Services."
    )
    return "\n".join(lignes) + "\n"


def entete(contexte: dict) -> list[str]:
    """The lines that head an office document: whose it is."""
    lignes = (
        [f"{contexte['structure']} – SIRET {contexte['siret']}"] if contexte.get("siret") else []
    )
    if contexte.get("adresse_complete"):
        lignes.append(contexte["adresse_complete"])
    if contexte.get("representant"):
        lignes.append(f"Contact : {contexte['representant']}")
    return lignes
