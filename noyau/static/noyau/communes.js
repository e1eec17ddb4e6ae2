// Suggestions of communes while typing, for fields made by noyau.champ_commune.ChampCommune.
// Without JavaScript the field still works: the server understands "33000 Bordeaux".
(function () {
  "use strict";

  function brancher(champ) {
    var liste = document.createElement("datalist");
    liste.id = champ.id + "-suggestions";
    champ.parentNode.appendChild(liste);
    champ.setAttribute("list", liste.id);
    var minuterie = null;
    var derniere = "";

    function proposer(communes) {
      liste.textContent = "";
      communes.forEach(function (commune) {
        var codes = commune.codes_postaux.length ? commune.codes_postaux : [""];
        codes.forEach(function (cp) {
          var option = document.createElement("option");
          option.value = (cp + " " + commune.nom).trim();
          option.label = commune.nom + " (" + commune.departement + ")";
          liste.appendChild(option);
        });
      });
    }

    champ.addEventListener("input", function () {
      var texte = champ.value.trim();
      if (texte.length < 2 || texte === derniere) {
        return;
      }
      clearTimeout(minuterie);
      minuterie = setTimeout(function () {
        derniere = texte;
        fetch(champ.dataset.communes + "?q=" + encodeURIComponent(texte), {
          headers: { Accept: "application/json" },
        })
          .then(function (reponse) {
            return reponse.ok ? reponse.json() : [];
          })
          .then(proposer)
          .catch(function () {});
      }, 200);
    });
  }

  document.querySelectorAll("input[data-communes]").forEach(brancher);
})();
