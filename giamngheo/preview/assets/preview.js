// The live preview (giamngheo/preview/server.py): reload this page once the server has
// written a new version of it, or when the content's problems change, keeping the scroll
// position. Served only by the preview, never part of the published site.
(function () {
  "use strict";
  var script = document.currentScript;
  var key = "giamngheo-preview-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var position = JSON.parse(saved);
    window.scrollTo(position[0], position[1]);
    window.addEventListener("load", function () { window.scrollTo(position[0], position[1]); });
  }
  var query = "/__preview__/state?instance=" + encodeURIComponent(script.dataset.instance) +
    "&since=" + encodeURIComponent(script.dataset.generation) +
    "&page=" + encodeURIComponent(script.dataset.page);
  function ask() {
    fetch(query, { cache: "no-store" }).then(function (response) { return response.json(); }).then(function (state) {
      if (state.reload) {
        sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
        location.reload();
      } else {
        setTimeout(ask, 300);
      }
    }, function () { setTimeout(ask, 1000); });  // the server restarts: ask again
  }
  ask();
})();
