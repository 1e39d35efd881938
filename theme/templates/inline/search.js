/* The search page: nothing of the index loads until a reader searches, the filters' data
   only when the reader opens them, and results ten at a time. Query and filters live in
   the address, so a search can be shared as a link. */
(function () {
  var form = document.querySelector('[data-module="app-search"]');
  if (!form || !("noModule" in HTMLScriptElement.prototype)) return;
  document.body.classList.add("js-enabled");
  var input = form.elements.q, box = document.getElementById("bo-loc");
  var status = document.getElementById("trang-thai"), list = document.getElementById("ket-qua");
  var fallback = document.getElementById("danh-muc"), toggle = document.getElementById("nut-loc");
  var more = document.getElementById("xem-them"), PAGE = 10, shown = 0, current = [], withFilters = false;
  var NAMES = {"loai": "Loại nội dung", "dia-ban": "Địa bàn", "chuong-trinh": "Chương trình", "nam": "Năm"};
  var chosen = {}, engine = null, turn = 0, timer = null;

  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
  }
  function load() {
    if (!engine) {
      var base = new URL(form.getAttribute("data-base"), location.href).pathname;
      engine = import(new URL(form.getAttribute("data-bundle") + "pagefind.js", location.href).href)
        .then(function (pf) { return pf.options({baseUrl: base}).then(function () { return pf; }); });
    }
    return engine;
  }
  function fromAddress() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    chosen = {};
    Object.keys(NAMES).forEach(function (key) { if (params.getAll(key).length) chosen[key] = params.getAll(key); });
    withFilters = Object.keys(chosen).length > 0;
  }
  function toAddress() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    Object.keys(chosen).forEach(function (key) { chosen[key].forEach(function (v) { params.append(key, v); }); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }
  function renderFilters(counts) {
    var focused = document.activeElement && document.activeElement.id;
    var html = "";
    Object.keys(NAMES).forEach(function (key, group) {
      var values = Object.assign({}, counts[key] || {});
      (chosen[key] || []).forEach(function (v) { if (!(v in values)) values[v] = 0; });
      var names = Object.keys(values).sort(function (a, b) { return key === "nam" ? b.localeCompare(a) : a.localeCompare(b, "vi"); });
      if (!names.length) return;
      html += '<fieldset class="app-search__group"><legend class="app-search__legend">' + NAMES[key] + "</legend>";
      names.forEach(function (value, index) {
        var id = "loc-" + group + "-" + index, on = (chosen[key] || []).indexOf(value) >= 0;
        html += '<div class="app-search__option"><input type="checkbox" id="' + id + '" data-key="' + key + '" value="' + esc(value) + '"' +
          (on ? " checked" : "") + '><label for="' + id + '">' + esc(value) + " (" + values[value] + ")</label></div>";
      });
      html += "</fieldset>";
    });
    box.innerHTML = html;
    box.hidden = !html;
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }
  function item(result) {
    var meta = [result.meta.loai, result.meta.ngay, result.meta["dia-ban"]].filter(Boolean).map(esc).join(" · ");
    return '<li class="app-search__result"><h2 class="app-search__title"><a href="' + esc(result.url) + '">' + esc(result.meta.title || result.url) +
      '</a></h2><p class="app-search__meta">' + meta + '</p><p class="app-search__excerpt">' + result.excerpt + "</p></li>";
  }
  function showMore() {
    var next = current.slice(shown, shown + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
      list.insertAdjacentHTML("beforeend", items.map(item).join(""));
      shown += items.length;
      more.hidden = shown >= current.length;
      status.textContent = current.length ? "Tìm thấy " + current.length.toLocaleString("vi-VN") + " kết quả" +
        (shown < current.length ? ", đang hiện " + shown + "." : ".") : "Không tìm thấy kết quả nào. Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.";
    });
  }
  function search() {
    var query = input.value.trim(), mine = ++turn;
    toAddress();
    fallback.hidden = !!query;
    if (!query) { list.innerHTML = ""; status.textContent = ""; box.hidden = true; toggle.hidden = true; more.hidden = true; return; }
    status.textContent = "Đang tìm…";
    load().then(function (pf) {
      return (withFilters ? pf.filters() : Promise.resolve()).then(function () {
        var filters = {};
        Object.keys(chosen).forEach(function (key) { if (chosen[key].length) filters[key] = {any: chosen[key]}; });
        return pf.search(query, {filters: filters});
      }).then(function (found) {
        if (mine !== turn) return;
        current = found.results; shown = 0; list.innerHTML = "";
        toggle.hidden = withFilters || !current.length;
        if (withFilters) renderFilters(found.filters || {});
        return showMore();
      });
    }).catch(function () { status.textContent = "Không tải được chỉ mục tìm kiếm. Hãy thử lại sau."; });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 300); });
  box.addEventListener("change", function (event) {
    var key = event.target.getAttribute("data-key"), value = event.target.value;
    chosen[key] = (chosen[key] || []).filter(function (v) { return v !== value; });
    if (event.target.checked) chosen[key].push(value);
    search();
  });
  toggle.addEventListener("click", function () {
    withFilters = true;
    toggle.setAttribute("aria-expanded", "true");
    search();
  });
  more.addEventListener("click", function () { showMore(); });
  fromAddress();
  if (input.value) search();
})();
