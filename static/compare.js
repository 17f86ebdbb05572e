// The compare page: two to four models side by side, each with its offers. api/index.json's
// `lines` list every model once (a model card with all its offers, or a card of its own with
// its regions), its offers cheapest first; only the chosen models' cheapest-offer records
// (api/models/<id>.json: the model's specifications and benchmarks, once) are fetched, so the
// page loads kilobytes, not the whole catalog. The chosen models live in the URL (?m=id1,id2,
// each ID URI-encoded) so a comparison can be shared; an offer's ID there (an older link)
// stands for its model. Without JavaScript the page says where the same figures are.
(function () {
  "use strict";

  var MAX = 4;
  var UNKNOWN = "\u2014";
  var SVG = "http://www.w3.org/2000/svg";

  var form = document.getElementById("compare-form");
  var result = document.getElementById("compare-result");
  var status = document.getElementById("compare-status");
  if (!form || !result) return;
  var input = form.elements.namedItem("add");
  var datalist = document.getElementById("compare-options");
  var root = form.getAttribute("data-root") || "";

  var catalog = null; // the parsed index.json: registries and one line per model
  var byId = new Map(); // lines, by model ID
  var modelOf = new Map(); // offer page ID -> model ID
  var full = new Map(); // id -> Promise of its record
  var chosen = []; // model IDs, in column order

  // --------------------------------------------------------------------------- small helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function say(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  function label(line) {
    return line.name + " (" + line.by + ")";
  }

  // The raw query value of m, split on commas, each part decoded: IDs never hold a comma, and
  // both "a%2Fb" and "a/b" read as "a/b".
  function idsFromUrl() {
    var match = /(?:^|[?&])m=([^&#]*)/.exec(location.search);
    if (!match) return [];
    return match[1]
      .split(/,|%2C/i)
      .map(function (part) {
        try {
          return decodeURIComponent(part.replace(/\+/g, " ")).trim();
        } catch (e) {
          return part.trim();
        }
      })
      .filter(Boolean);
  }

  function writeUrl() {
    var params = new URLSearchParams(location.search);
    params.delete("m");
    var rest = params.toString();
    var query = chosen.length ? "m=" + chosen.map(encodeURIComponent).join(",") : "";
    if (rest) query = query ? query + "&" + rest : rest;
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    try {
      history.replaceState(history.state, "", url);
    } catch (e) {
      /* file:// set-ups may refuse; the comparison still shows */
    }
  }

  // --------------------------------------------------------------------------- table

  function valueRow(heading, cells) {
    var tr = el("tr");
    var th = el("th", null, heading);
    th.scope = "row";
    tr.appendChild(th);
    var texts = cells.map(function (cell) {
      return typeof cell === "string" ? cell : cell.text;
    });
    var differs =
      cells.length > 1 &&
      texts.some(function (t) {
        return t !== texts[0];
      });
    if (differs) tr.classList.add("differs");
    cells.forEach(function (cell) {
      var td = el("td");
      if (typeof cell === "string") td.textContent = cell;
      else td.appendChild(cell.node);
      if (cell === UNKNOWN || cell.text === UNKNOWN) td.classList.add("unknown");
      if (differs) td.classList.add("differs");
      if (cell.best) td.classList.add("best");
      tr.appendChild(td);
    });
    return tr;
  }

  function group(tableNode, title, width, rows) {
    if (!rows.length) return;
    var body = el("tbody");
    var head = el("tr", "group");
    var th = el("th", null, title);
    th.scope = "colgroup";
    th.colSpan = width;
    head.appendChild(th);
    body.appendChild(head);
    rows.forEach(function (row) {
      body.appendChild(row);
    });
    tableNode.appendChild(body);
  }

  // The union of the display labels of one kind, in first-seen order.
  function displayRows(records, kind) {
    var labels = [];
    records.forEach(function (r) {
      Object.keys((r.display && r.display[kind]) || {}).forEach(function (key) {
        if (labels.indexOf(key) < 0) labels.push(key);
      });
    });
    return labels.map(function (key) {
      return valueRow(
        key,
        records.map(function (r) {
          var value = r.display && r.display[kind] ? r.display[kind][key] : undefined;
          return value === undefined || value === null || value === "" ? UNKNOWN : String(value);
        })
      );
    });
  }

  function bar(share) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "bar");
    svg.setAttribute("viewBox", "0 0 100 6");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var track = document.createElementNS(SVG, "rect");
    track.setAttribute("class", "bar-track");
    track.setAttribute("width", "100");
    track.setAttribute("height", "6");
    track.setAttribute("rx", "3");
    var fill = document.createElementNS(SVG, "rect");
    fill.setAttribute("class", "bar-fill");
    fill.setAttribute("width", String(Math.round(Math.max(0, Math.min(1, share)) * 1000) / 10));
    fill.setAttribute("height", "6");
    fill.setAttribute("rx", "3");
    svg.appendChild(track);
    svg.appendChild(fill);
    return svg;
  }

  function benchmarkRows(records) {
    var registry = catalog.benchmarks || {};
    var ids = [];
    var names = {};
    records.forEach(function (r) {
      (r.benchmarks || []).forEach(function (b) {
        if (ids.indexOf(b.id) < 0) {
          ids.push(b.id);
          names[b.id] = b.name;
        }
      });
    });
    return ids.map(function (id) {
      var scale = registry[id] || {};
      var low = Number(scale.min !== undefined && scale.min !== null ? scale.min : 0);
      var high = Number(scale.max !== undefined && scale.max !== null ? scale.max : 100);
      var scores = records.map(function (r) {
        var found = (r.benchmarks || []).filter(function (b) {
          return b.id === id;
        })[0];
        return found && found.score !== null && found.score !== undefined ? found : null;
      });
      var known = scores.filter(Boolean);
      var best = known.length > 1
        ? Math.max.apply(null, known.map(function (b) { return Number(b.score); }))
        : null;
      var allBest = known.length > 1 && known.every(function (b) { return Number(b.score) === best; });
      var cells = scores.map(function (b) {
        if (!b) return UNKNOWN;
        var unit = b.unit !== undefined && b.unit !== null ? b.unit : scale.unit || "";
        var text = String(b.score) + unit;
        var wrap = el("div", "bench-cell");
        wrap.appendChild(el("span", "score", text));
        var isBest = best !== null && !allBest && Number(b.score) === best;
        if (isBest) wrap.appendChild(el("span", "visually-hidden", " (highest)"));
        wrap.appendChild(bar(high > low ? (Number(b.score) - low) / (high - low) : 0));
        return { text: text, node: wrap, best: isBest };
      });
      return valueRow(names[id] || (scale.name || id), cells);
    });
  }

  // Each model's offers, cheapest first: the first few with their prices, then a link to all.
  var OFFERS_SHOWN = 5;
  function offerRows(lines) {
    var counts = lines.map(function (line) {
      var n = line.offers.length;
      return n + " offer" + (n === 1 ? "" : "s") + " at " + line.providers + " provider" +
        (line.providers === 1 ? "" : "s");
    });
    var lists = lines.map(function (line) {
      var list = el("ul", "compare-offers");
      var texts = [];
      line.offers.slice(0, OFFERS_SHOWN).forEach(function (offer) {
        var item = el("li");
        var a = el("a", null, offer.where);
        a.href = root + "models/" + encodeURI(offer.id) + ".html";
        item.appendChild(a);
        item.appendChild(document.createTextNode(": " + offer.input + " / " + offer.output));
        list.appendChild(item);
        texts.push(offer.where + offer.input + offer.output);
      });
      var node = list;
      if (line.offers.length > OFFERS_SHOWN) {
        node = el("div");
        node.appendChild(list);
        var all = el("a", null, "All " + line.offers.length + " offers");
        all.href = root + line.url + (line.url.indexOf("labs/") === 0 ? "#offers" : "");
        node.appendChild(all);
      }
      return { text: texts.join("|"), node: node };
    });
    return [valueRow("Offers", counts), valueRow("Cheapest first (input / output)", lists)];
  }

  function capabilityRow(records) {
    var registry = catalog.capabilities || {};
    return valueRow(
      "Capabilities",
      records.map(function (r) {
        var labels = (r.capabilities || []).map(function (id) {
          return registry[id] && registry[id].label ? registry[id].label : id;
        });
        return labels.length ? labels.join(", ") : UNKNOWN;
      })
    );
  }

  // The chosen models' records, fetched once each.
  function load(ids) {
    return Promise.all(
      ids.map(function (id) {
        if (!full.has(id)) {
          var url = root + byId.get(id).record; // its cheapest offer's
          full.set(
            id,
            fetch(url, { credentials: "same-origin" }).then(function (response) {
              if (!response.ok) throw new Error("HTTP " + response.status);
              return response.json();
            })
          );
        }
        return full.get(id);
      })
    );
  }

  // Render the chosen models once their records are in; a newer call wins over an older one.
  var shown = 0;
  function show() {
    var ticket = ++shown;
    var ids = chosen.slice();
    return load(ids).then(
      function (records) {
        if (ticket === shown) render(records);
      },
      function () {
        if (ticket !== shown) return;
        ids.forEach(function (id) {
          full.delete(id);
        });
        say("A model's figures could not be loaded; try again.");
      }
    );
  }

  function render(records) {
    result.textContent = "";
    markCharts();
    if (!records.length) return;

    var width = records.length + 1;
    var scroll = el("div", "compare-scroll");
    scroll.tabIndex = 0;
    scroll.setAttribute("role", "region");
    var lines = chosen.map(function (id) {
      return byId.get(id);
    });
    scroll.setAttribute("aria-label", "Comparison of " + lines.map(label).join(", "));
    var tableNode = el("table", "compare-table");
    tableNode.appendChild(el("caption", "visually-hidden", "Models side by side"));
    var thead = el("thead");
    var tr = el("tr");
    tr.appendChild(el("td", "corner"));
    lines.forEach(function (line) {
      var th = el("th", "model-col");
      th.scope = "col";
      var link = el("a", "model-name", line.name);
      link.href = root + line.url;
      th.appendChild(link);
      th.appendChild(el("span", "model-where", "by " + line.by));
      var remove = el("button", "compare-remove", "Remove");
      remove.type = "button";
      remove.setAttribute("data-id", line.id);
      remove.appendChild(el("span", "visually-hidden", " " + label(line)));
      th.appendChild(remove);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    tableNode.appendChild(thead);

    group(tableNode, "Where to run it", width, offerRows(lines));
    var specs = displayRows(records, "specifications");
    group(tableNode, "Specifications, cheapest offer", width, specs);
    group(tableNode, "Prices per 1M tokens, cheapest offer", width, displayRows(records, "prices"));
    group(tableNode, "Estimated cost, cheapest offer", width, displayRows(records, "costs"));
    group(tableNode, "Benchmarks", width, benchmarkRows(records));
    group(tableNode, "Capabilities", width, [capabilityRow(records)]);

    scroll.appendChild(tableNode);
    result.appendChild(scroll);
  }

  function markCharts() {
    // One point per model, at one of its offers: a chosen model marks its point.
    var set = new Set(chosen);
    document.querySelectorAll(".chart a[data-id]").forEach(function (a) {
      var on = set.has(modelOf.get(a.getAttribute("data-id")));
      if (a.classList.contains("chosen") !== on) a.classList.toggle("chosen", on);
    });
  }

  function guidance() {
    if (chosen.length === 0) return "Add two to four models to compare them.";
    if (chosen.length === 1) return "Add at least one more model to compare (up to four).";
    var names = chosen.map(function (id) {
      return byId.get(id).name;
    });
    return "Comparing " + chosen.length + " models: " + names.join(", ") + ".";
  }

  // --------------------------------------------------------------------------- adding, removing

  // A model ID, a model's name, or one of its offers' IDs.
  function resolve(text) {
    text = text.trim();
    if (byId.has(text)) return text;
    if (modelOf.has(text)) return modelOf.get(text);
    var lower = text.toLowerCase();
    var matches = [];
    byId.forEach(function (line, id) {
      if (id.toLowerCase() === lower || line.name.toLowerCase() === lower) matches.push(id);
    });
    return matches.length === 1 ? matches[0] : null;
  }

  function add(text) {
    if (!catalog) return;
    text = text.trim();
    if (!text) {
      say("Type a model ID to add, e.g. " + (chosen[0] || byId.keys().next().value) + ".");
      return;
    }
    var id = resolve(text);
    if (!id) {
      say("Unknown model: " + text + ". Choose a model ID from the list.");
      return;
    }
    if (chosen.indexOf(id) >= 0) {
      say(id + " is already in the comparison. " + guidance());
      return;
    }
    if (chosen.length >= MAX) {
      say("At most " + MAX + " models: remove one before adding " + id + ".");
      return;
    }
    chosen.push(id);
    input.value = "";
    writeUrl();
    show().then(function () {
      say("Added " + id + ". " + guidance());
    });
  }

  function remove(id) {
    var at = chosen.indexOf(id);
    if (at < 0) return;
    chosen.splice(at, 1);
    writeUrl();
    show().then(function () {
      say("Removed " + id + ". " + guidance());
      var buttons = result.querySelectorAll("button.compare-remove");
      (buttons[Math.min(at, chosen.length - 1)] || input).focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    add(input.value);
  });
  result.addEventListener("click", function (event) {
    var button = event.target.closest("button.compare-remove");
    if (button) remove(button.getAttribute("data-id"));
  });

  // --------------------------------------------------------------------------- start

  function start(json) {
    catalog = json;
    (json.lines || []).forEach(function (line) {
      byId.set(line.id, line);
      line.offers.forEach(function (offer) {
        modelOf.set(offer.id, line.id);
      });
    });
    if (datalist) {
      var fragment = document.createDocumentFragment();
      byId.forEach(function (line, id) {
        var option = document.createElement("option");
        option.value = id;
        option.label = label(line) + " · " + line.offers.length + " offers";
        fragment.appendChild(option);
      });
      datalist.textContent = "";
      datalist.appendChild(fragment);
    }
    var messages = [];
    var unknown = [];
    idsFromUrl().forEach(function (text) {
      var id = byId.has(text) ? text : modelOf.get(text);
      if (!id) unknown.push(text);
      else if (chosen.indexOf(id) < 0) chosen.push(id);
    });
    if (unknown.length) messages.push("Unknown model: " + unknown.join(", ") + ".");
    if (chosen.length > MAX) {
      messages.push("At most " + MAX + " models; showing the first " + MAX + ".");
      chosen = chosen.slice(0, MAX);
    }
    messages.push(guidance());
    var asked = idsFromUrl();
    var same = asked.length === chosen.length && asked.every(function (id, i) {
      return id === chosen[i];
    });
    if (!same) writeUrl(); // unknown IDs dropped, an offer's ID written as its model's
    show().then(function () {
      say(messages.join(" "));
    });
  }

  form.hidden = false;
  document.querySelectorAll(".js-hidden").forEach(function (p) {
    p.hidden = true;
  });
  say("Loading the model list…");
  fetch(form.getAttribute("data-models-url"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(start, function () {
      say("The model list could not be loaded, so nothing can be compared here.");
      document.querySelectorAll(".js-hidden").forEach(function (p) {
        p.classList.add("js-failed"); // interactive.css hides it whenever scripting is on
        p.hidden = false;
      });
    });
})();
