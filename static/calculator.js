// Cost calculator on model pages: shown only when this script runs (the form is `hidden` in the
// markup, and the page's cost table says the same without JavaScript). Every figure is exact
// decimal arithmetic through window.CatalogMoney (static/money.js), so it reads exactly as the
// figures computed at build time by catalog/formatting.py.
(function () {
  "use strict";

  var INTEGER = /^\d+$/;

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
    var v = money.parse(text);
    return v === undefined ? null : v; // a malformed price is as good as unknown
  }

  function setUp(form, money) {
    var fields = form.elements;
    var total = form.querySelector("output[name=total]");
    if (!fields.input || !fields.output || !total) return;
    var standard = {
      input: price(money, form.getAttribute("data-input")),
      output: price(money, form.getAttribute("data-output")),
      cached: price(money, form.getAttribute("data-cache-read")),
    };
    // A fee per request, USD (none stated: no fee). It is added once, at every tier.
    var fee = price(money, form.getAttribute("data-per-request"));
    // Long-context tiers, lowest first, their prices as billed (computed at build time by
    // catalog/derive/billing.py): "ABOVE INPUT OUTPUT CACHE_READ;...", "-" for unknown.
    var tiers = (form.getAttribute("data-tiers") || "")
      .split(";")
      .filter(function (entry) { return entry.trim() !== ""; })
      .map(function (entry) {
        var f = entry.trim().split(/\s+/);
        return {
          above: BigInt(f[0]),
          input: f[1] === "-" ? null : price(money, f[1]),
          output: f[2] === "-" ? null : price(money, f[2]),
          cached: f[3] === "-" ? null : price(money, f[3]),
        };
      });

    // The whole request is billed at the highest tier its prompt (input and cached tokens
    // together) is over: strictly over, as the providers bill it.
    function pricesFor(prompt) {
      var chosen = standard;
      tiers.forEach(function (tier) {
        if (prompt > tier.above) chosen = tier;
      });
      return chosen;
    }

    function compute() {
      var input = tokens(money, fields.input.value, false);
      var output = tokens(money, fields.output.value, false);
      var cached = fields.cached ? tokens(money, fields.cached.value, true) : BigInt(0);
      if (input === undefined || output === undefined || cached === undefined) {
        return money.UNKNOWN;
      }
      var prices = pricesFor(input + cached);
      var parts = [money.cost(prices.input, input), money.cost(prices.output, output)];
      if (cached > BigInt(0)) parts.push(money.cost(prices.cached, cached));
      if (fee !== null) parts.push(fee); // USD per request, not per 1M tokens
      return money.format(money.add.apply(null, parts));
    }

    function update() {
      var text = compute();
      if (total.value !== text) total.value = text;
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
