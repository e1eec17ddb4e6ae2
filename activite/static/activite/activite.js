/* Progressive enhancement of the activity forms; every page works without it.
 * - shows only the fields that apply (custom duration, place or commune, administrative
 *   themes, anonymous profile, structure of redirection), never hiding a field in error;
 * Commune suggestions come from noyau/communes.js (loaded next to this script).
 */
(function () {
  "use strict";

  function valeur(formulaire, nom) {
    var coche = formulaire.querySelector('input[name="' + nom + '"]:checked');
    return coche ? coche.value : "";
  }

  function masquer(element, cache) {
    // A block holding an error or a filled-in value stays visible.
    if (cache && element.querySelector('[aria-invalid="true"], .fr-error-text, .fr-messages-group')) {
      cache = false;
    }
    element.hidden = cache;
  }

  function basculer(formulaire) {
    formulaire.querySelectorAll("[data-si-duree]").forEach(function (el) {
      masquer(el, valeur(formulaire, "duree") !== el.getAttribute("data-si-duree"));
    });
    var typeLieu = valeur(formulaire, "type_lieu");
    formulaire.querySelectorAll("[data-si-lieu]").forEach(function (el) {
      var types = el.getAttribute("data-si-lieu").split(" ");
      masquer(el, typeLieu !== "" && types.indexOf(typeLieu) === -1);
    });
    var aide = formulaire.querySelector(
      'input[name="thematiques_mediation"][value="aide_aux_demarches_administratives"]'
    );
    formulaire.querySelectorAll("[data-si-demarches]").forEach(function (el) {
      var coches = el.querySelectorAll("input:checked").length > 0;
      masquer(el, !(aide && aide.checked) && !coches);
    });
    var beneficiaire = formulaire.querySelector('select[name="beneficiaire"]');
    formulaire.querySelectorAll("[data-si-anonyme]").forEach(function (el) {
      masquer(el, !!(beneficiaire && beneficiaire.value));
    });
    formulaire.querySelectorAll("[data-si-oriente]").forEach(function (el) {
      masquer(el, valeur(formulaire, "oriente_vers_structure") !== "oui");
    });
  }

  var formulaire = document.getElementById("formulaire-cra");
  if (formulaire) {
    formulaire.addEventListener("change", function () { basculer(formulaire); });
    basculer(formulaire);
  }
  // Commune suggestions: noyau/communes.js, the platform's one script for the commune field.
})();
