/* The search page: nothing of the index loads until a reader searches. Query and filters
   live in the address, so a search can be shared as a link. */
(function () {
  var form = document.querySelector('[data-module="app-search"]');
  if (!form || !("noModule" in HTMLScriptElement.prototype)) return;
  document.body.classList.add("js-enabled");
  var input = form.elements.q, box = document.getElementById("bo-loc");
  var status = document.getElementById("trang-thai"), list = document.getElementById("ket-qua");
  var fallback = document.getElementById("danh-muc");
  var NAMES = {"loai": "Loại nội dung", "dia-ban": "Địa bàn", "chuong-trinh": "Chương trình", "nam": "Năm"};
  var chosen = {}, engine = null, turn = 0, timer = null;

  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
  }
  function load() {
    if (!engine) {
      var base = new URL(form.getAttribute("data-base"), location.href).pathname;
      engine = import(new URL(form.getAttribute("data-bundle") + "pagefind.js", location.href).href)
        .then(function (pf) {
          return pf.options({baseUrl: base}).then(function () { return pf.filters(); }).then(function () { return pf; });
        });
    }
    return engine;
  }
  function fromAddress() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    chosen = {};
    Object.keys(NAMES).forEach(function (key) { if (params.getAll(key).length) chosen[key] = params.getAll(key); });
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
  function renderResults(items, total) {
    status.textContent = total ? "Tìm thấy " + total.toLocaleString("vi-VN") + " kết quả" + (total > items.length ? ", hiện " + items.length + " kết quả đầu." : ".") : "Không tìm thấy kết quả nào. Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.";
    list.innerHTML = items.map(function (item) {
      var meta = [item.meta.loai, item.meta.ngay, item.meta["dia-ban"]].filter(Boolean).map(esc).join(" · ");
      return '<li class="app-search__result"><h2 class="app-search__title"><a href="' + esc(item.url) + '">' + esc(item.meta.title || item.url) +
        '</a></h2><p class="app-search__meta">' + meta + '</p><p class="app-search__excerpt">' + item.excerpt + "</p></li>";
    }).join("");
  }
  function search() {
    var query = input.value.trim(), mine = ++turn;
    toAddress();
    fallback.hidden = !!query;
    if (!query) { list.innerHTML = ""; status.textContent = ""; box.hidden = true; return; }
    status.textContent = "Đang tìm…";
    load().then(function (pf) {
      var filters = {};
      Object.keys(chosen).forEach(function (key) { if (chosen[key].length) filters[key] = {any: chosen[key]}; });
      return pf.search(query, {filters: filters}).then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (items) {
          if (mine !== turn) return;
          renderFilters(found.filters || {});
          renderResults(items, found.results.length);
        });
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
  fromAddress();
  if (input.value) search();
})();
