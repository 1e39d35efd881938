/* Compare models (templates/compare.html): the page lists every model in one table per kind
   and works without JavaScript. This adds the choice: the box in each row picks a model, and
   the two to four picked are shown side by side in one table, one column each. The choice is
   kept in the address (?chon=slug,slug), so it can be shared and comes back on reload. */
(function () {
  "use strict";
  var MAX = 4;
  var PARAM = "chon";
  var root = document.querySelector('[data-module="app-compare"]');
  if (!root) return;
  document.body.classList.add("js-enabled");
  var status = root.querySelector(".app-compare__bar");
  var chosenSection = root.querySelector(".app-compare__chosen");
  var result = root.querySelector(".app-compare__result");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-model]"));
  var bySlug = {};
  rows.forEach(function (row) { bySlug[row.getAttribute("data-model")] = row; });
  var table = document.querySelector(".app-compare-table");
  var labels = table ? Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
    return th.textContent;
  }) : [];
  var params = new URLSearchParams(window.location.search);
  var chosen = (params.get(PARAM) || "").split(",").filter(function (slug, index, all) {
    return bySlug[slug] && all.indexOf(slug) === index;
  }).slice(0, MAX);

  function element(name, text, className) {
    var node = document.createElement(name);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // One row of the side-by-side table: the fact's name, then its value for each model.
  function factRow(label, values) {
    var tr = element("tr");
    var th = element("th", label);
    th.scope = "row";
    tr.appendChild(th);
    values.forEach(function (value) { tr.appendChild(element("td", value)); });
    return tr;
  }

  // The bar at the foot of the screen (a live region): what to do, how many are picked, and
  // a link up to them. Being fixed, it shifts nothing on the page when it appears.
  function say(count) {
    status.textContent = "";
    if (count === 0) {
      status.textContent = "Đánh dấu từ 2 đến " + MAX + " mô hình trong các bảng để xem chúng cạnh nhau.";
      return;
    }
    var text = count === 1 ? "Đã chọn 1 mô hình, đánh dấu thêm ít nhất 1 mô hình. "
      : count < MAX ? "Đã chọn " + count + " mô hình (tối đa " + MAX + "). "
      : "Đã chọn " + MAX + " mô hình, số tối đa: bỏ chọn một mô hình để chọn mô hình khác. ";
    status.appendChild(document.createTextNode(text));
    var link = element("a", "Xem so sánh");
    link.href = "#da-chon";
    status.appendChild(link);
  }

  function render() {
    var count = chosen.length;
    say(count);
    chosenSection.hidden = count === 0;
    result.textContent = "";
    if (count > 0) {
      var models = chosen.map(function (slug) { return bySlug[slug]; });
      var wrap = element("div", "", "app-scroll");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("aria-label", "Bảng so sánh các mô hình đã chọn");
      var sideBySide = element("table", "", "app-compare__table");
      var head = element("tr");
      head.appendChild(element("td"));
      models.forEach(function (row) {
        var th = element("th");
        th.scope = "col";
        var link = row.querySelector("th a").cloneNode(true);
        th.appendChild(link);
        var remove = element("button", "Bỏ chọn", "app-compare__remove");
        remove.type = "button";
        remove.setAttribute("aria-label", "Bỏ chọn: " + link.textContent);
        remove.addEventListener("click", function () { toggle(row.getAttribute("data-model"), false); });
        th.appendChild(remove);
        head.appendChild(th);
      });
      var thead = element("thead");
      thead.appendChild(head);
      sideBySide.appendChild(thead);
      var body = element("tbody");
      body.appendChild(factRow("Loại hình", models.map(function (row) { return row.getAttribute("data-kind"); })));
      labels.slice(1).forEach(function (label, index) {
        body.appendChild(factRow(label, models.map(function (row) { return row.cells[index + 1].textContent; })));
      });
      sideBySide.appendChild(body);
      wrap.appendChild(sideBySide);
      result.appendChild(wrap);
    }
    rows.forEach(function (row) {
      var box = row.querySelector(".app-compare__check");
      var picked = chosen.indexOf(row.getAttribute("data-model")) !== -1;
      box.checked = picked;
      box.disabled = !picked && count >= MAX;
      row.classList.toggle("app-compare-table__row--chosen", picked);
    });
  }

  function remember() {
    var url = new URL(window.location.href);
    if (chosen.length) {
      url.searchParams.set(PARAM, chosen.join(","));
    } else {
      url.searchParams.delete(PARAM);
    }
    window.history.replaceState(null, "", url.pathname + url.search.replace(/%2C/g, ",") + url.hash);
  }

  function toggle(slug, on) {
    chosen = chosen.filter(function (other) { return other !== slug; });
    if (on && chosen.length < MAX) chosen.push(slug);
    render();
    remember();
  }

  rows.forEach(function (row) {
    var box = row.querySelector(".app-compare__check");
    box.addEventListener("change", function () { toggle(row.getAttribute("data-model"), box.checked); });
  });
  render();
})();
