// The index table: sortable columns and filters, both kept in the URL query so a view can be
// shared. Progressive enhancement only: without this script the filters stay hidden and the
// table is complete in its served order (by name, deprecated models last).
//
// Speed: everything a filter or a sort needs is read from the DOM once, into arrays; a filter is
// then one pass over plain values that touches `row.hidden` only where it changes, and a sort
// is one Array.sort over precomputed keys and one append of a DocumentFragment.
(function () {
  "use strict";

  var table = document.getElementById("models-table");
  var form = document.getElementById("filters");
  if (!table || !table.tBodies.length) return;
  var tbody = table.tBodies[0];
  var count = document.getElementById("filter-count");
  // Made on the first text sort: creating a collator is a few milliseconds of a page's load.
  var collator = null;

  // A row is a model (templates/_table.html line_row), its prices those of its cheapest offer.
  // data-v = "context|max_output|input_price|output_price|added_iso|offers"; data-g holds the
  // cheapest offer in each geography where that is another offer than the cheapest anywhere:
  // [geography, href, where, input text, output text, input, output].
  var NUMERIC = { context: 0, max_output: 1, input: 2, output: 3, offers: 5 };
  var TEXT = { name: true, by: true };
  var PRICED = { input: true, output: true }; // keys whose value depends on the geography
  var PARAMS = ["q", "provider", "cap", "in", "out", "weights", "geo", "batch", "max"];

  // --------------------------------------------------------------------------- rows, once

  var rows = Array.prototype.slice.call(tbody.rows);
  var total = rows.length;
  // Read on the first filter or sort, not at load: a visitor who only reads the table pays for
  // nothing (at hundreds of rows the reading alone was a long task on a phone).
  var data = null;
  function ensureData() {
    if (!data) data = rows.map(readRow);
  }
  function words(row, name) {
    return " " + (row.getAttribute(name) || "").trim().split(/\s+/).join(" ") + " ";
  }
  function number(text) {
    text = text === undefined || text === null ? "" : String(text).trim();
    if (text === "") return null;
    var x = Number(text);
    return isFinite(x) ? x : null;
  }
  function readRow(row, index) {
    var link = row.cells[0] ? row.cells[0].querySelector("a") : null;
    var name = link ? link.textContent.trim() : "";
    var id = row.getAttribute("data-id") || "";
    var by = row.cells[1] ? row.cells[1].textContent.trim() : "";
    var v = (row.getAttribute("data-v") || "").split("|");
    var byGeo = null;
    var g = row.getAttribute("data-g");
    if (g) {
      try {
        byGeo = {};
        JSON.parse(g).forEach(function (e) {
          byGeo[e[0]] = { href: e[1], where: e[2], inText: e[3], outText: e[4],
                          input: number(e[5]), output: number(e[6]) };
        });
      } catch (e) {
        byGeo = null; // a malformed attribute: the row keeps its cheapest offer anywhere
      }
    }
    return {
      row: row,
      index: index,
      hidden: row.hidden,
      providers: words(row, "data-providers"),
      geos: words(row, "data-geos"),
      caps: words(row, "data-caps"),
      inputs: words(row, "data-in"),
      outputs: words(row, "data-out"),
      weights: row.getAttribute("data-weights") || "",
      batch: row.getAttribute("data-batch") === "yes",
      byGeo: byGeo,
      shownGeo: "",
      text: (name + "\n" + id + "\n" + by).toLowerCase(),
      keys: {
        name: name || null,
        by: by || null,
        context: number(v[0]),
        max_output: number(v[1]),
        input: number(v[2]),
        output: number(v[3]),
        added: v[4] && v[4].trim() ? v[4].trim() : null,
        offers: number(v[5]),
      },
    };
  }

  // A price key's value: that of the cheapest offer in the chosen geography, else anywhere.
  function value(d, key) {
    if (PRICED[key] && state.geo && d.byGeo && d.byGeo[state.geo]) return d.byGeo[state.geo][key];
    return d.keys[key];
  }

  // The price cells follow the chosen geography (only rows with data-g differ).
  var INPUT_CELL = 3;
  function showGeo(d) {
    var geo = d.byGeo && d.byGeo[state.geo] ? state.geo : "";
    if (geo === d.shownGeo) return;
    var cells = d.row.cells;
    var link = cells[INPUT_CELL + 2] ? cells[INPUT_CELL + 2].querySelector("a") : null;
    if (!d.anywhere) {
      d.anywhere = {
        inText: cells[INPUT_CELL].textContent,
        outText: cells[INPUT_CELL + 1].textContent,
        href: link ? link.getAttribute("href") : "",
        where: link ? link.textContent : "",
      };
    }
    var e = geo ? d.byGeo[geo] : d.anywhere;
    cells[INPUT_CELL].textContent = e.inText;
    cells[INPUT_CELL + 1].textContent = e.outText;
    if (link) {
      link.setAttribute("href", e.href); // data-g's addresses are the index's own: root-relative
      link.textContent = e.where;
    }
    d.shownGeo = geo;
  }
  // --------------------------------------------------------------------------- state

  var state = { sort: "", dir: "asc" };
  PARAMS.forEach(function (name) {
    state[name] = "";
  });

  function field(name) {
    return form ? form.elements.namedItem(name) : null;
  }

  function readForm() {
    PARAMS.forEach(function (name) {
      var el = field(name);
      if (el) state[name] = el.type === "checkbox" ? (el.checked ? el.value : "") : el.value;
    });
  }

  function writeForm() {
    PARAMS.forEach(function (name) {
      var el = field(name);
      if (!el) return;
      if (el.type === "checkbox") {
        el.checked = state[name] !== "";
        state[name] = el.checked ? el.value : "";
        return;
      }
      if (el.value !== state[name]) el.value = state[name];
      if (el.value !== state[name]) state[name] = el.value; // e.g. an option that does not exist
    });
  }

  function writeUrl() {
    var params = new URLSearchParams(location.search);
    PARAMS.concat(["sort", "dir"]).forEach(function (name) {
      params.delete(name);
    });
    PARAMS.forEach(function (name) {
      var value = state[name].trim();
      if (value !== "") params.set(name, value);
    });
    if (state.sort) {
      params.set("sort", state.sort);
      params.set("dir", state.dir);
    }
    var query = params.toString();
    if (query === location.search.replace(/^\?/, "")) return;
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    try {
      history.replaceState(history.state, "", url);
    } catch (e) {
      /* some file:// set-ups refuse; the view still works */
    }
  }

  // history.replaceState costs Chromium tens of milliseconds on a page with thousands of rows,
  // more than the filter itself: the URL follows the view a moment later, once typing pauses.
  var URL_DELAY = 200;
  var urlTimer = 0;
  function scheduleUrl() {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(flushUrl, URL_DELAY);
  }
  function flushUrl() {
    clearTimeout(urlTimer);
    urlTimer = 0;
    writeUrl();
  }
  // Leaving within the delay (a click on a model) still records the view for the Back button.
  window.addEventListener("pagehide", function () {
    if (urlTimer) flushUrl();
  });

  function readUrl() {
    var params = new URLSearchParams(location.search);
    PARAMS.forEach(function (name) {
      state[name] = params.get(name) || "";
    });
    var sort = params.get("sort") || "";
    state.sort = headers.some(function (h) {
      return h.key === sort;
    })
      ? sort
      : "";
    state.dir = params.get("dir") === "desc" ? "desc" : "asc";
  }

  // --------------------------------------------------------------------------- filtering

  function matcher() {
    var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    function among(value) {
      return value ? " " + value + " " : "";
    }
    var provider = among(state.provider);
    var geo = among(state.geo);
    var cap = among(state.cap);
    var inputs = among(state.in);
    var outputs = among(state.out);
    var weights = state.weights;
    var batch = state.batch !== "";
    var maxText = state.max.trim();
    var max = maxText === "" ? null : Number(maxText);
    if (max !== null && !isFinite(max)) max = null;
    return function (d) {
      if (provider && d.providers.indexOf(provider) < 0) return false;
      if (geo && d.geos.indexOf(geo) < 0) return false;
      if (cap && d.caps.indexOf(cap) < 0) return false;
      if (inputs && d.inputs.indexOf(inputs) < 0) return false;
      if (outputs && d.outputs.indexOf(outputs) < 0) return false;
      if (weights && d.weights !== weights) return false;
      if (batch && !d.batch) return false;
      if (max !== null) {
        var price = value(d, "input");
        if (price === null || price > max) return false;
      }
      for (var i = 0; i < terms.length; i++) {
        if (d.text.indexOf(terms[i]) < 0) return false;
      }
      return true;
    };
  }

  // A browser lays out every shown row: at thousands of rows that, not the script, is what a
  // filter costs. So once filtered or sorted the table shows the first PAGE matches in the
  // current order, and a button shows more. Until then every served row stays shown: they are
  // laid out already, and hiding them would cost a second layout of the whole table for nothing.
  // (Without this script every row is served and shown.)
  var PAGE = 100;
  var limit = total;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "show-more";
  more.hidden = true;
  more.addEventListener("click", function () {
    limit += PAGE;
    filter();
  });
  (table.closest(".table-scroll") || table).insertAdjacentElement("afterend", more);

  function showCount(matched, shown) {
    if (!count) return;
    var text = matched + " of " + total + " models";
    if (shown < matched) text += ", first " + shown + " shown";
    if (state.geo) text += "; prices of each one's cheapest offer in " + state.geo;
    if (count.textContent !== text) count.textContent = text;
  }

  function filter() {
    ensureData();
    var test = matcher();
    var matched = 0;
    for (var k = 0; k < total; k++) {
      var d = data[shownOrder[k]];
      if (d.byGeo || d.shownGeo) showGeo(d);
      var ok = test(d);
      if (ok) matched++;
      var hide = !ok || matched > limit;
      if (hide !== d.hidden) {
        d.row.hidden = hide;
        d.hidden = hide;
      }
    }
    var shown = Math.min(matched, limit);
    showCount(matched, shown);
    more.hidden = shown >= matched;
    if (!more.hidden) {
      more.textContent = "Show " + Math.min(PAGE, matched - shown) + " more of " + matched;
    }
    return shown;
  }

  // --------------------------------------------------------------------------- sorting

  var headers = Array.prototype.slice
    .call(table.tHead ? table.tHead.querySelectorAll("th[data-sort]") : [])
    .map(function (th) {
      var key = th.getAttribute("data-sort");
      // The template serves the buttons disabled (no layout to redo at load); a theme's table
      // without them gets them made here.
      var button = th.querySelector("button.sort");
      if (button) {
        button.disabled = false;
      } else {
        button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        var icon = document.createElement("span");
        icon.className = "sort-icon";
        icon.setAttribute("aria-hidden", "true");
        button.appendChild(icon);
        th.appendChild(button);
        th.classList.add("sortable");
      }
      button.addEventListener("click", function () {
        if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
        else if (!state.sort && key === "name") state.dir = "desc"; // served order reads as A–Z
        else state.dir = "asc";
        state.sort = key;
        limit = PAGE;
        if (!sort()) filter(); // the page limit applies also when the order stays the same
        scheduleUrl();
      });
      return { key: key, th: th, button: button };
    });

  var ranks = {}; // key -> Float64Array of dense ranks (NaN = unknown), computed on first use

  function rankOf(key) {
    var slot = PRICED[key] ? key + "@" + state.geo : key;
    if (ranks[slot]) return ranks[slot];
    ensureData();
    var values = data.map(function (d) {
      return value(d, key);
    });
    var order = [];
    for (var i = 0; i < total; i++) if (values[i] !== null) order.push(i);
    var compare;
    if (TEXT[key]) {
      collator = collator || new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
      compare = function (a, b) {
        return collator.compare(values[a], values[b]);
      };
    } else {
      compare = function (a, b) {
        var x = values[a];
        var y = values[b];
        return x < y ? -1 : x > y ? 1 : 0;
      };
    }
    order.sort(compare);
    var rank = new Float64Array(total).fill(NaN);
    var r = 0;
    for (var j = 0; j < order.length; j++) {
      if (j > 0 && compare(order[j - 1], order[j]) !== 0) r++;
      rank[order[j]] = r;
    }
    ranks[slot] = rank;
    return rank;
  }

  function currentOrder() {
    var indices = new Array(total);
    for (var i = 0; i < total; i++) indices[i] = i;
    if (!state.sort) return indices;
    var rank = rankOf(state.sort);
    var sign = state.dir === "desc" ? -1 : 1;
    indices.sort(function (a, b) {
      var x = rank[a];
      var y = rank[b];
      var ux = x !== x; // NaN: unknown, always last
      var uy = y !== y;
      if (ux || uy) return ux && uy ? a - b : ux ? 1 : -1;
      return (x - y) * sign || a - b;
    });
    return indices;
  }

  var shownOrder = rows.map(function (row, index) {
    return index;
  }); // indices in DOM order: the served order to begin with

  // Puts the rows in the current order; true when they moved (and were filtered again).
  function sort() {
    var order = currentOrder();
    var same = true;
    for (var i = 0; same && i < total; i++) if (order[i] !== shownOrder[i]) same = false;
    if (!same) {
      ensureData();
      var fragment = document.createDocumentFragment();
      for (var j = 0; j < total; j++) fragment.appendChild(data[order[j]].row);
      tbody.appendChild(fragment);
      shownOrder = order;
      filter(); // the first rows of the new order are the ones shown
    }
    headers.forEach(function (h) {
      var value = "none";
      if (state.sort === h.key) value = state.dir === "desc" ? "descending" : "ascending";
      else if (!state.sort && h.key === "name") value = "ascending";
      if (h.th.getAttribute("aria-sort") !== value) h.th.setAttribute("aria-sort", value);
    });
    return !same;
  }

  // --------------------------------------------------------------------------- wiring

  function onFilterChange() {
    readForm();
    limit = PAGE;
    // A price sort follows the geography's cheapest offers; sort() filters when rows move.
    if (!(PRICED[state.sort] && sort())) filter();
    scheduleUrl();
  }

  readUrl();
  var stated = PARAMS.some(function (name) {
    return state[name] !== "";
  });
  if (stated || state.sort) limit = PAGE; // a view from the URL is a filtered one
  if (form) {
    writeForm();
    form.addEventListener("input", onFilterChange);
    form.addEventListener("change", onFilterChange);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      onFilterChange();
    });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      PARAMS.forEach(function (name) {
        state[name] = "";
      });
      state.sort = "";
      state.dir = "asc";
      limit = PAGE;
      writeForm();
      if (!sort()) filter();
      scheduleUrl();
    });
    form.hidden = false;
  }
  if (!sort()) {
    // Nothing to reorder: filter only what the URL asks for; else every row stays as served.
    if (limit === PAGE) filter();
    else showCount(total, total);
  }
  writeUrl();
})();
