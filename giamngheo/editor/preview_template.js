/* The editor's preview pane: the entry being edited as its page will show it, in the theme's
   own stylesheet. PREVIEW (written above this by giamngheo/editor/preview.py) says, for each
   collection, which field is the title, the date, the cover, the text, the terms and the facts.
   Runs after decap-cms.js, which defines CMS, h (React.createElement) and createClass. */
(function () {
  "use strict";

  var whole = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });

  // As giamngheo.vietnamese.formatting.vi_money: "25.000 đồng", "504 triệu đồng", "1,5 tỷ đồng".
  function money(amount) {
    if (Math.abs(amount) < 1e6) {
      return whole.format(amount) + " đồng";
    }
    var digits = Math.abs(amount) >= 1e9 ? 3 : 2;
    var compact = new Intl.NumberFormat("vi-VN", {
      notation: "compact",
      compactDisplay: "long",
      maximumFractionDigits: digits,
    });
    return compact.format(amount) + " đồng";
  }

  // As showcase.fields.format_value: "12 hộ", "420 triệu đồng", "1,3 triệu đồng/người/tháng".
  function factText(fact, value) {
    if (value === null || value === undefined || value === "") {
      return null;
    }
    switch (fact.display) {
      case "count":
        return (whole.format(Number(value)) + " " + fact.unit).trim();
      case "money":
        return money(Number(value));
      case "income":
        return money(Number(value)) + "/người/tháng";
      case "yes_no":
        return value ? "Có" : "Không";
      default:
        return String(value);
    }
  }

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  // As vi_datetime / vi_date: "Thứ Năm, 14/03/2024 08:00". The form keeps the date as the
  // file does ("2024-03-14 08:00", the site's time zone); a new entry may hold a Date.
  function vietnameseDate(value, withTime) {
    if (value instanceof Date) {
      value = value.getFullYear() + "-" + pad(value.getMonth() + 1) + "-" + pad(value.getDate()) +
        " " + pad(value.getHours()) + ":" + pad(value.getMinutes());
    }
    var found = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(String(value || ""));
    if (!found) {
      return null;
    }
    var year = Number(found[1]), month = Number(found[2]), day = Number(found[3]);
    var weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7; // Monday 0
    var text = PREVIEW.days[weekday] + ", " + pad(day) + "/" + pad(month) + "/" + year;
    return withTime ? text + " " + (found[4] || "00") + ":" + (found[5] || "00") : text;
  }

  function plain(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  function asList(value) {
    value = plain(value);
    if (value === null || value === undefined || value === "") {
      return [];
    }
    return Array.isArray(value) ? value : [value];
  }

  function figures(facts, get) {
    var items = facts
      .map(function (fact) { return [fact.label, factText(fact, get(fact.name))]; })
      .filter(function (pair) { return pair[1] !== null; });
    if (!items.length) {
      return null;
    }
    return h("dl", { className: "app-figures" }, items.map(function (pair) {
      return h("div", { className: "app-figures__item", key: pair[0] },
        h("dt", { className: "app-figures__label" }, pair[0]),
        h("dd", { className: "app-figures__value" }, pair[1]));
    }));
  }

  function factsPanel(groups, get) {
    var shown = groups.map(function (group) {
      var rows = group.facts
        .map(function (fact) { return [fact.label, factText(fact, get(fact.name))]; })
        .filter(function (pair) { return pair[1] !== null; });
      return rows.length ? [
        h("h3", { className: "app-facts__group", key: group.group + "-h" }, group.group),
        h("dl", { className: "app-facts__list", key: group.group }, rows.map(function (pair) {
          return h("div", { className: "app-facts__row", key: pair[0] },
            h("dt", { className: "app-facts__label" }, pair[0]),
            h("dd", { className: "app-facts__value" }, pair[1]));
        })),
      ] : null;
    }).filter(Boolean);
    if (!shown.length) {
      return null;
    }
    return h("section", { className: "app-facts" },
      h("h2", { className: "app-facts__title" }, PREVIEW.words.facts),
      shown);
  }

  function meta(declared, get) {
    var date = declared.date && vietnameseDate(get(declared.date), declared.with_time);
    if (!date) {
      return null;
    }
    var parts = [declared.with_time ? null : PREVIEW.words.posted + " ", h("time", { key: "date" }, date)];
    var modified = declared.modified && vietnameseDate(get(declared.modified), declared.with_time);
    if (modified) {
      parts.push(" · " + PREVIEW.words.modified + " ", h("time", { key: "modified" }, modified));
    }
    if (declared.author && get(declared.author)) {
      parts.push(" · " + get(declared.author));
    }
    return h("p", { className: "app-article__meta" }, parts);
  }

  function terms(declared, get) {
    var lines = declared.terms.map(function (term) {
      var values = asList(get(term.name)).filter(Boolean);
      return values.length ? h("p", { className: "app-terms", key: term.name },
        h("span", { className: "app-terms__label" }, term.label + ":"), " " + values.join(", ")) : null;
    }).filter(Boolean);
    return lines.length ? h("footer", { className: "app-article__footer" }, lines) : null;
  }

  function previewOf(declared) {
    return createClass({
      render: function () {
        var props = this.props;
        function get(name) {
          return name ? plain(props.entry.getIn(["data", name])) : null;
        }
        var cover = null;
        if (declared.cover && get(declared.cover)) {
          var field = props.fields && props.fields.find(function (f) { return f.get("name") === declared.cover; });
          var asset = props.getAsset(get(declared.cover), field);
          cover = h("figure", { className: "app-cover" },
            h("img", { className: "app-cover__image", src: asset ? String(asset) : "", alt: get(declared.cover_alt) || "" }));
        }
        var lead = declared.lead && get(declared.lead);
        return h("div", { className: "app-body" },
          h("header", { className: "app-header" },
            h("div", { className: "app-width" }, h("span", { className: "app-header__name" }, PREVIEW.site))),
          h("main", { className: "app-main app-width" },
            h("article", { className: "app-article" },
              h("h1", { className: "app-title" }, get(declared.title) || ""),
              meta(declared, get),
              figures(declared.figures, get),
              lead ? h("div", { className: "app-lead" }, lead) : null,
              cover,
              declared.body ? h("div", { className: "app-prose" }, props.widgetFor(declared.body)) : null,
              terms(declared, get),
              factsPanel(declared.facts, get))));
      },
    });
  }

  CMS.registerPreviewStyle(PREVIEW.style);
  Object.keys(PREVIEW.collections).forEach(function (name) {
    CMS.registerPreviewTemplate(name, previewOf(PREVIEW.collections[name]));
  });
})();
