"""The training catalogues, as data: paths, thematic modules, positioning thresholds.

Sources: the 2020–21 calls for applications [001 §II.1] and the employer guide [003 "La
formation du conseiller numérique : mode d'emploi"] give the 105 h / 280 h / 320–350 h /
420 h paths; the 2024 prefecture guide [002 "Formation et animation"] gives CCP1 in 70 h,
175 h or 315 h plus two thematic modules of 7 h or 14 h chosen from fifteen.

Two facts are NOT in the sources and are assumptions to confirm with the ANCT:
- the positioning score (0–100) thresholds that suggest each path (the training body
  keeps the last word, as [003] says: it may choose another path with a reason);
- the titles of the fifteen thematic modules (taken from the themes of the activity
  reports so that the names speak to advisors).
Changing a catalogue is editing this file, never the code that reads it.
"""

from dataclasses import dataclass

CATALOGUE_2021 = "2021"
CATALOGUE_2024 = "2024"
CATALOGUE_EN_VIGUEUR = CATALOGUE_2024

LIBELLES_CATALOGUES = {
    CATALOGUE_2021: "Catalogue 2020–2021",
    CATALOGUE_2024: "Catalogue 2024",
}

ALTERNANCE = "alternance"
TEMPS_PLEIN = "temps_plein"


@dataclass(frozen=True)
class Parcours:
    code: str
    catalogue: str
    heures: int
    rythme: str  # ALTERNANCE (one day in five) or TEMPS_PLEIN (35 h a week)
    score_minimum: int  # lowest positioning score that suggests this path
    modules_thematiques: int = 0  # thematic modules to choose on top of the CCP1 hours

    @property
    def libelle(self) -> str:
        rythme = (
            "en alternance, un jour sur cinq"
            if self.rythme == ALTERNANCE
            else "à temps plein, 35 h par semaine"
        )
        texte = f"{self.heures_affichees} {rythme}"
        if self.modules_thematiques:
            texte += f" + {self.modules_thematiques} modules thématiques"
        return f"{texte} ({LIBELLES_CATALOGUES[self.catalogue].lower()})"

    @property
    def heures_affichees(self) -> str:
        if self.code == "2021_350":
            return "CCP1 en 320 h / 350 h"
        return f"CCP1 en {self.heures} h"

    @property
    def semaines(self) -> int:
        """Calendar weeks the path lasts: 7 h a week in work-study, 35 h full time."""
        par_semaine = 7 if self.rythme == ALTERNANCE else 35
        return -(-self.heures // par_semaine)


# Ordered from the lightest path (best score) to the heaviest.
PARCOURS: tuple[Parcours, ...] = (
    Parcours("2021_105", CATALOGUE_2021, 105, ALTERNANCE, score_minimum=75),
    Parcours("2021_280", CATALOGUE_2021, 280, TEMPS_PLEIN, score_minimum=50),
    # 320 h in the 2020-21 calls [001], 350 h in the employer guide [003]: one tier.
    Parcours("2021_350", CATALOGUE_2021, 350, TEMPS_PLEIN, score_minimum=25),
    Parcours("2021_420", CATALOGUE_2021, 420, TEMPS_PLEIN, score_minimum=0),
    Parcours("2024_70", CATALOGUE_2024, 70, TEMPS_PLEIN, score_minimum=70, modules_thematiques=2),
    Parcours("2024_175", CATALOGUE_2024, 175, TEMPS_PLEIN, score_minimum=40, modules_thematiques=2),
    Parcours("2024_315", CATALOGUE_2024, 315, TEMPS_PLEIN, score_minimum=0, modules_thematiques=2),
)

PAR_CODE: dict[str, Parcours] = {p.code: p for p in PARCOURS}


@dataclass(frozen=True)
class Module:
    code: str
    titre: str
    heures: int  # 7 or 14 [002]


# Fifteen thematic modules of 7 h or 14 h [002]; titles are an assumption (see above).
MODULES_THEMATIQUES: tuple[Module, ...] = (
    Module("diagnostic", "Réaliser un diagnostic numérique", 7),
    Module("materiel", "Faire prendre en main un équipement", 7),
    Module("internet", "Naviguer sur Internet", 7),
    Module("courriel", "Gérer ses courriels", 7),
    Module("securite", "Sécuriser un équipement et ses données", 14),
    Module("fraudes", "Prévenir les fraudes et le cyberharcèlement", 14),
    Module("demarches", "Accompagner les démarches administratives en ligne", 14),
    Module("emploi", "Rechercher un emploi ou une formation en ligne", 7),
    Module("parentalite", "Accompagner la scolarité et les usages des enfants", 7),
    Module("sante", "Utiliser les services de santé en ligne", 7),
    Module("budget", "Gérer son budget avec le numérique", 7),
    Module("tpe", "Accompagner les petites entreprises", 14),
    Module("contenus", "Créer et partager des contenus numériques", 14),
    Module("bureautique", "Maîtriser les bases de la bureautique", 14),
    Module("atelier", "Animer un atelier collectif", 14),
)

MODULES_PAR_CODE: dict[str, Module] = {m.code: m for m in MODULES_THEMATIQUES}

# Coordinators [002]: module 1 is mandatory, 14 h in person in one of three cities.
MODULE_1_COORDINATEUR = Module("coordination_1", "Incontournables du métier de coordinateur", 14)
MODULE_2_COORDINATEUR = Module("coordination_2", "Module 2 des coordinateurs", 14)
VILLES_MODULE_1_COORDINATEUR = ("Paris", "Lyon", "Bordeaux")

# Optional certifying courses for advisors already trained [002].
CCP_OPTIONNELS = {"ccp2": "CCP2 du titre REMN", "ccp3": "CCP3 du titre REMN"}

TITRE_REMN = "Responsable d’espace de médiation numérique"

# In-person sessions open with at least this many advisors starting the same day in the
# same centre [003].
MINIMUM_PRESENTIEL = 8
