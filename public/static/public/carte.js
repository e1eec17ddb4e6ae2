// Optional: fill the search form with the browser's position. The page works without it.
(function () {
  "use strict";
  var bouton = document.getElementById("me-localiser");
  var statut = document.getElementById("statut-localisation");
  if (!bouton || !("geolocation" in navigator)) return;
  bouton.hidden = false;
  bouton.addEventListener("click", function () {
    statut.textContent = "Recherche de votre position…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var formulaire = bouton.form;
        formulaire.elements.lat.value = position.coords.latitude.toFixed(5);
        formulaire.elements.lon.value = position.coords.longitude.toFixed(5);
        formulaire.elements.q.value = "";
        formulaire.submit();
      },
      function () {
        statut.textContent = "Votre position n’a pas pu être obtenue : saisissez une commune ou un code postal.";
      },
      { timeout: 10000, maximumAge: 300000 }
    );
  });
})();
