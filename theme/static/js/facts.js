/* The facts panel of a model profile (components/facts_panel.html) is an open <details>, so
   it shows without JavaScript and in print. On a small screen it starts closed, below the
   story, and opens again whenever the page is printed or saved as PDF. */
(function () {
  "use strict";
  var panels = document.querySelectorAll('[data-module="app-facts"]');
  function openAll() {
    panels.forEach(function (panel) { panel.open = true; });
  }
  if (window.matchMedia("(max-width: 40rem)").matches) {
    panels.forEach(function (panel) { panel.open = false; });
  }
  window.addEventListener("beforeprint", openAll);
  window.matchMedia("print").addEventListener("change", function (query) {
    if (query.matches) openAll();
  });
})();
