// Cost calculator on model pages: shown only when this script runs (the form is `hidden` in the
// markup, and the page's cost table says the same without JavaScript). It bills one request by
// the rules of catalog/derive/billing.py, from figures the build computed (the base prices, each
// long-context tier's prices as billed, the offer's limits), in exact decimal arithmetic through
// window.CatalogMoney (static/money.js), so it reads exactly as the build's own figures.
(function () {
  "use strict";

  var INTEGER = /^\d+$/;
  // The token kinds in the order of PRICE_FIELDS (catalog/derive/site.py): the form's data-*
  // prices and the columns of data-tiers. A field is named by its kind, but "cached".
  var KINDS = [
    "input", "output", "cache_write", "cache_read", "cache_write_1h", "reasoning",
    "audio_input", "audio_output", "image_input", "image_output",
  ];
  var FIELD = { cache_read: "cached" };
  // The prompt picks the tier and must fit the limits (billing rule 2); the rest is output.
  var PROMPT = ["input", "cache_read", "cache_write", "cache_write_1h", "audio_input", "image_input"];
  var COMPLETION = ["output", "reasoning", "audio_output", "image_output"];
  // Input and output are the prices every request is billed at: unknown, the cost is unknown.
  // Another kind's price is needed only when the request has tokens of that kind.
  var ALWAYS = { input: true, output: true };

  // A token count: a whole number >= 0 (the number input may also hold "1e6"); else undefined.
  function tokens(money, text, emptyIsZero) {
    text = String(text).trim();
    if (text === "") return emptyIsZero ? BigInt(0) : undefined;
    if (INTEGER.test(text)) return BigInt(text);
    var v = money.parse(text);
    if (!v || v.n < BigInt(0)) return undefined;
    var unit = BigInt(10) ** BigInt(v.s);
    return v.n % unit === BigInt(0) ? v.n / unit : undefined;
  }

  function price(money, text) {
    var v = money.parse(text === "-" ? "" : text);
    return v === undefined ? null : v; // a malformed price is as good as unknown
  }

  function limit(text) {
    return text && INTEGER.test(text) ? BigInt(text) : null;
  }

  // "1,047,576": as Python's f"{n:,}" writes a count, so a reason reads as the build's.
  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // Why the request cannot be sent as one, as catalog/derive/billing.py fits() says it; "" when
  // it can (as far as the limits are known).
  function misfit(prompt, completion, limits) {
    var window = limits[0], maxInput = limits[1], maxOutput = limits[2];
    var reasons = [];
    if (maxInput !== null && prompt > maxInput) {
      reasons.push("a prompt of " + grouped(prompt) + " tokens is over the maximum input of " +
                   grouped(maxInput) + " tokens");
    }
    if (window !== null && prompt > window) {
      reasons.push("a prompt of " + grouped(prompt) + " tokens is over the context window of " +
                   grouped(window) + " tokens");
    }
    if (maxOutput !== null && completion > maxOutput) {
      reasons.push(grouped(completion) + " output tokens are over the maximum output of " +
                   grouped(maxOutput) + " tokens");
    }
    if (window !== null && prompt <= window && prompt + completion > window) {
      reasons.push(grouped(prompt) + " prompt and " + grouped(completion) + " output tokens (" +
                   grouped(prompt + completion) + " in all) are over the context window of " +
                   grouped(window) + " tokens");
    }
    return reasons.join("; ");
  }

  function setUp(form, money) {
    var fields = form.elements;
    var total = form.querySelector("output[name=total]");
    var why = form.querySelector("[data-why]");
    if (!fields.input || !fields.output || !total) return;
    var standard = {};
    KINDS.forEach(function (kind) {
      standard[kind] = price(money, form.getAttribute("data-" + kind.replace(/_/g, "-")));
    });
    // A fee per request, USD (none stated: no fee). It is added once, at every tier.
    var fee = price(money, form.getAttribute("data-per-request"));
    // Long-context tiers, lowest first: "ABOVE PRICE PRICE …;…", "-" for unknown.
    var tiers = (form.getAttribute("data-tiers") || "")
      .split(";")
      .filter(function (entry) { return entry.trim() !== ""; })
      .map(function (entry) {
        var f = entry.trim().split(/\s+/);
        var tier = { above: BigInt(f[0]) };
        KINDS.forEach(function (kind, i) {
          tier[kind] = price(money, f[i + 1] === undefined ? "-" : f[i + 1]);
        });
        return tier;
      });
    var limits = (form.getAttribute("data-limits") || "- - -").split(/\s+/).map(limit);

    // The whole request is billed at the highest tier its prompt is over: strictly over, as
    // the providers bill it.
    function pricesFor(prompt) {
      var chosen = standard;
      tiers.forEach(function (tier) {
        if (prompt > tier.above) chosen = tier;
      });
      return chosen;
    }

    function count(kind) {
      var el = fields[FIELD[kind] || kind];
      if (!el) return BigInt(0);
      return tokens(money, el.value, !ALWAYS[kind]);
    }

    function sum(kinds, counts) {
      return kinds.reduce(function (s, kind) { return s + counts[kind]; }, BigInt(0));
    }

    // [total text, reason the request is not one]
    function compute() {
      var counts = {};
      for (var i = 0; i < KINDS.length; i++) {
        var n = count(KINDS[i]);
        if (n === undefined) return [money.UNKNOWN, ""];
        counts[KINDS[i]] = n;
      }
      var prompt = sum(PROMPT, counts);
      var reason = misfit(prompt, sum(COMPLETION, counts), limits);
      if (reason) return [money.UNKNOWN, reason];
      var prices = pricesFor(prompt);
      var parts = [];
      KINDS.forEach(function (kind) {
        if (!ALWAYS[kind] && counts[kind] === BigInt(0)) return; // a price nobody needs
        var p = prices[kind];
        if (kind === "reasoning" && p === null) p = prices.output; // billed as output
        parts.push(money.cost(p, counts[kind]));
      });
      if (fee !== null) parts.push(fee); // USD per request, not per 1M tokens
      return [money.format(money.add.apply(null, parts)), ""];
    }

    function update() {
      var result = compute();
      if (total.value !== result[0]) total.value = result[0];
      if (why) {
        var text = result[1] ? "Not one request: " + result[1] + "." : "";
        if (why.textContent !== text) why.textContent = text;
        why.hidden = text === "";
      }
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    form.hidden = false;
    update();
  }

  function start() {
    var money = window.CatalogMoney;
    if (!money) return; // money.js missing: the form stays hidden, the cost table stays
    document.querySelectorAll("form[data-calculator]").forEach(function (form) {
      setUp(form, money);
    });
  }

  // Deferred scripts run in document order before DOMContentLoaded: if money.js comes later,
  // wait for it.
  if (window.CatalogMoney || document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
