/* The search page's engine and results, loaded by inline/search-loader.js when a reader
   first types or opens a search link. It reads the static index that plugins/search/index.py
   writes: for each term of the query one small bucket file (a common term's list is a file
   of its own), then one small file per result shown; the filters' data only when the reader
   opens the filters. Query and filters live in the address, so a search can be shared as a
   link. Tokenising and folding follow plugins/search/tokens.py exactly. */
(function () {
  "use strict";
  var form = document.querySelector('[data-module="app-search"]');
  if (!form || form.getAttribute("data-ready")) return;
  form.setAttribute("data-ready", "1");
  var INDEX = form.getAttribute("data-index"), BASE = new URL(form.getAttribute("data-base"), location.href).pathname;
  var BUCKETS = +form.getAttribute("data-buckets"), BLOCK = +form.getAttribute("data-block");
  var SCORES = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZABCDEF", LEVELS = 23, BREAK = "|", PAGE = 10;
  var NAMES = {"loai": "Loại nội dung", "dia-ban": "Địa bàn", "chuong-trinh": "Chương trình", "nam": "Năm",
    "loai-van-ban": "Loại văn bản", "co-quan": "Cơ quan ban hành", "hieu-luc": "Tình trạng hiệu lực"};
  var FACETS = Object.keys(NAMES);
  var input = form.elements.q, box = document.getElementById("bo-loc");
  var status = document.getElementById("trang-thai"), list = document.getElementById("ket-qua");
  var fallback = document.getElementById("danh-muc"), toggle = document.getElementById("nut-loc");
  var more = document.getElementById("xem-them");
  var chosen = {}, withFilters = false, turn = 0, timer = null, shown = 0, current = [], marks = [];
  var files = {}, CRC = [];

  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    CRC[n] = c >>> 0;
  }
  function crc32(text) {
    var bytes = new TextEncoder().encode(text), c = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) c = CRC[(c ^ bytes[i]) & 255] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  }
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }
  /* The tone of a final oa, oe or uy on its second vowel: "hòa" and "hoà" are one spelling
     (giamngheo/vietnamese/text.py, same_tone_place). */
  function sameTonePlace(text) {
    return text.normalize("NFD").replace(/([oO](?=.[aAeE])|[uU](?=.[yY]))([\u0300\u0301\u0303\u0309\u0323])([aAeEyY])(?![\p{L}\p{N}_\u0300-\u036f])/gu, "$1$3$2").normalize("NFC");
  }
  function syllables(text) {
    return sameTonePlace(text).toLowerCase().replace(/[.!?;:…()[\]{}|]+/g, " " + BREAK + " ")
      .replace(/[^\p{L}\p{N}\s\u0300-\u036f|]+|_+/gu, " ")
      .split(/\s+/).filter(Boolean);
  }
  /* A query's terms: its pairs of neighbouring syllables, and a syllable that has no neighbour. */
  function queryTerms(words) {
    var found = [];
    words.forEach(function (word, i) {
      if (word === BREAK) return;
      var next = words[i + 1], previous = words[i - 1];
      if (next && next !== BREAK) found.push(word + "_" + next);
      else if (!previous || previous === BREAK) found.push(word);
    });
    return found.filter(function (term, i) { return found.indexOf(term) === i; });
  }
  function get(path) {
    if (!files[path]) {
      files[path] = fetch(INDEX + path).then(function (response) {
        if (!response.ok) throw new Error(path);
        return response.text();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }
  /* {spelling: [[page, score index], …]} of one folded term, or {} when no page has it. */
  function postings(folded) {
    var crc = crc32(folded);
    return get("t/" + (crc % BUCKETS).toString(16) + ".txt").then(function (text) {
      var start = text.indexOf(folded + "\t");
      while (start > 0 && text[start - 1] !== "\n") start = text.indexOf(folded + "\t", start + 1);
      if (start < 0) return "";
      var line = text.slice(start, text.indexOf("\n", start));
      return line === folded + "\t*" ? get("l/" + ("0000000" + crc.toString(16)).slice(-8) + ".txt") : line;
    }).then(function (line) {
      var found = {};
      line.replace(/\n$/, "").split("\t").slice(1).forEach(function (part) {
        var space = part.indexOf(" "), list = [], page = 0, hex = "";
        for (var i = space + 1; i < part.length; i++) {
          var score = SCORES.indexOf(part[i]);
          if (score < 0) { hex += part[i]; continue; }
          page += parseInt(hex, 16); hex = "";
          list.push([page, score]);
        }
        found[part.slice(0, space)] = list;
      });
      return found;
    });
  }
  /* Pages holding at least half of the terms, best first: more terms; when the query has
     marks, more of them spelt as typed; the title holding every term; more in the title;
     then frequency weighted by rarity; the newer page. */
  function rank(terms, lists, marked) {
    var pages = {}, needed = Math.ceil(terms.length / 2);
    terms.forEach(function (term, t) {
      var spellings = lists[t], count = 0;
      Object.keys(spellings).forEach(function (s) { count += spellings[s].length; });
      var weight = Math.log(1 + 100000 / (count + 1));
      Object.keys(spellings).forEach(function (spelling) {
        spellings[spelling].forEach(function (entry) {
          var page = pages[entry[0]] || (pages[entry[0]] = {id: entry[0], terms: {}, title: {}, exact: {}, score: 0});
          if (!page.terms[t]) page.score += weight * (1 + entry[1] % LEVELS);
          page.terms[t] = 1;
          if (entry[1] >= LEVELS) page.title[t] = 1;
          if (marked && spelling === term) page.exact[t] = 1;
        });
      });
    });
    var size = function (o) { return Object.keys(o).length; };
    return Object.keys(pages).map(function (id) {
      var p = pages[id], title = size(p.title);
      return {id: p.id, key: [size(p.terms), size(p.exact), title === terms.length ? 1 : 0, title, p.score, p.id]};
    }).filter(function (p) { return p.key[0] >= needed; }).sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return b.key[i] - a.key[i];
      return 0;
    }).map(function (p) { return p.id; });
  }
  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
  }
  /* About 30 words around the first match, every match marked: the query's words as words,
     or its syllables where the text holds no whole word (the match was in the title).
     Folding one character at a time keeps positions in the folded copy equal to those in
     the text. */
  function excerpt(text) {
    var folded = text.split("").map(function (c) { var f = fold(c); return f.length === 1 ? f : c; }).join("");
    var pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + marks.join("|") + ")(?![\\p{L}\\p{N}])", "gu");
    if (folded.search(pattern) < 0) pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + marks.join("|").replace(/\\s\+/g, "|") + ")(?![\\p{L}\\p{N}])", "gu");
    var first = folded.search(pattern), start = 0;
    if (first > 80) {
      start = text.lastIndexOf(" ", first - 80) + 1;
      while (start < first && /[\s.,;:]/.test(text[start])) start++;
    }
    var end = text.indexOf(" ", start + 220);
    if (end < 0) end = text.length;
    var out = "", at = start, found;
    pattern.lastIndex = start;
    while ((found = pattern.exec(folded)) && found.index < end) {
      out += esc(text.slice(at, found.index)) + "<mark>" + esc(text.slice(found.index, found.index + found[0].length)) + "</mark>";
      at = found.index + found[0].length;
    }
    out += esc(text.slice(at, end));
    return (start ? "… " : "") + out + (end < text.length ? " …" : "");
  }
  function item(page) {
    var meta = [page.k, page.d, page.a].filter(Boolean).map(esc).join(" · ");
    return '<li class="app-search__result"><h2 class="app-search__title"><a href="' + esc(BASE + page.u) + '">' + esc(page.t) +
      '</a></h2><p class="app-search__meta">' + meta + '</p><p class="app-search__excerpt">' + excerpt(page.x) + "</p></li>";
  }
  function showMore(mine) {
    var next = current.slice(shown, shown + PAGE);
    return Promise.all(next.map(function (id) {
      return get("d/" + Math.floor(id / BLOCK) + ".json").then(function (text) { return JSON.parse(text)[id % BLOCK]; });
    })).then(function (pages) {
      if (mine !== turn) return;
      list.insertAdjacentHTML("beforeend", pages.map(item).join(""));
      shown += pages.length;
      more.hidden = shown >= current.length;
      status.textContent = current.length ? "Tìm thấy " + current.length.toLocaleString("vi-VN") + " kết quả" +
        (shown < current.length ? ", đang hiện " + shown + "." : ".") : "Không tìm thấy kết quả nào. Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.";
    });
  }
  function fromAddress() {
    var params = new URLSearchParams(location.search);
    if (params.has("q")) input.value = params.get("q");
    chosen = {};
    FACETS.forEach(function (key) { if (params.getAll(key).length) chosen[key] = params.getAll(key); });
    withFilters = Object.keys(chosen).length > 0;
  }
  function toAddress() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    Object.keys(chosen).forEach(function (key) { chosen[key].forEach(function (v) { params.append(key, v); }); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }
  /* Keep the pages that have one of the chosen values of every facet; count, over what is
     kept, the pages that have each value. */
  function applyFilters(ids, data) {
    var wanted = FACETS.map(function (key, f) {
      return (chosen[key] || []).map(function (v) { return data.names[key].indexOf(v); });
    });
    var kept = ids.filter(function (id) {
      return wanted.every(function (values, f) {
        return !values.length || data.pages[id][f].some(function (v) { return values.indexOf(v) >= 0; });
      });
    });
    var counts = {};
    FACETS.forEach(function (key, f) {
      counts[key] = {};
      kept.forEach(function (id) {
        data.pages[id][f].forEach(function (v) { var name = data.names[key][v]; counts[key][name] = (counts[key][name] || 0) + 1; });
      });
    });
    return {ids: kept, counts: counts};
  }
  function renderFilters(counts) {
    var focused = document.activeElement && document.activeElement.id, html = "";
    FACETS.forEach(function (key, group) {
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
  function search() {
    var query = input.value.trim(), mine = ++turn;
    toAddress();
    fallback.hidden = !!query;
    if (!query) { list.innerHTML = ""; status.textContent = ""; box.hidden = true; toggle.hidden = true; more.hidden = true; return; }
    status.textContent = "Đang tìm…";
    var terms = queryTerms(syllables(query));
    marks = terms.map(function (term) { return fold(term).split("_").join("\\s+"); });
    if (terms.length > 1) marks.unshift(fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean).join("\\s+"));  // the whole phrase first
    Promise.all(terms.map(function (term) { return postings(fold(term)); }).concat(withFilters ? [get("loc.json").then(JSON.parse)] : []))
      .then(function (lists) {
        if (mine !== turn) return;
        var ids = rank(terms, lists, fold(query) !== query.toLowerCase()), filtered = withFilters ? applyFilters(ids, lists[terms.length]) : {ids: ids};
        current = filtered.ids; shown = 0; list.innerHTML = "";
        toggle.hidden = withFilters || !current.length;
        if (withFilters) renderFilters(filtered.counts);
        return showMore(mine);
      }).catch(function () { status.textContent = "Không tải được chỉ mục tìm kiếm. Hãy thử lại sau."; });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); search(); });
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
  more.addEventListener("click", function () { showMore(turn); });
  window.appSearchTokens = {fold: fold, syllables: syllables, queryTerms: queryTerms};  // for the tests
  fromAddress();
  if (input.value.trim()) search();
})();
