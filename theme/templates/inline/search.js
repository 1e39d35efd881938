/* The search page before it is used: nothing of the search loads until a reader types,
   submits or opens a search link (?q=…); then theme/static/js/search.js takes over. */
(function () {
  var form = document.querySelector('[data-module="app-search"]');
  if (!form || !("noModule" in HTMLScriptElement.prototype)) return;
  document.body.classList.add("js-enabled");
  var script = null;
  function load(event) {
    if (event && event.type === "submit") event.preventDefault();
    if (script) return;
    script = document.createElement("script");
    script.src = form.getAttribute("data-script");
    document.head.appendChild(script);
  }
  form.addEventListener("submit", load);
  form.elements.q.addEventListener("input", load);
  if (location.search) load();
})();
