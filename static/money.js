// Exact US-dollar arithmetic and formatting for the browser: the rule of catalog/formatting.py
// `money()`, `cost()` and `add_costs()`, on scaled BigInts (never binary floats), so a figure
// computed here reads exactly as the same figure computed at build time.
//
// A value is {n: BigInt, s: Number}, meaning n / 10^s with s >= 0; null means unknown.
(function () {
  "use strict";

  var UNKNOWN = "\u2014"; // the em dash "—", as catalog.formatting.UNKNOWN
  var TEN = BigInt(10);
  var ZERO = BigInt(0);
  var MILLION_PLACES = 6;
  var DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

  function pow10(k) {
    return TEN ** BigInt(k);
  }

  function make(n, s) {
    if (s < 0) return { n: n * pow10(-s), s: 0 };
    return { n: n, s: s };
  }

  function isValue(v) {
    return v !== null && typeof v === "object" && typeof v.n === "bigint" && typeof v.s === "number";
  }

  // "0.40", "1,000" is not accepted; "1e-7", "-2.5", "3." and ".5" are. Numbers go through their
  // shortest round-tripping text (what JSON and Python's repr write), BigInts are integers.
  // "" / null / undefined -> null (unknown). Anything else that is not a decimal -> NaN marker
  // (undefined) so callers can tell "unknown" from "invalid".
  function parse(text) {
    if (text === null || text === undefined) return null;
    if (isValue(text)) return text;
    if (typeof text === "bigint") return { n: text, s: 0 };
    if (typeof text === "number") {
      if (!isFinite(text)) return undefined;
      text = String(text);
    }
    text = String(text).trim();
    if (text === "") return null;
    var m = DECIMAL.exec(text);
    if (!m || (m[2] === "" && (m[3] === undefined || m[3] === ""))) return undefined;
    var whole = m[2] || "0";
    var frac = m[3] || "";
    var exp = m[4] ? parseInt(m[4], 10) : 0;
    var n = BigInt(whole + frac);
    if (m[1] === "-") n = -n;
    return make(n, frac.length - exp);
  }

  function align(a, b) {
    if (a.s === b.s) return [a.n, b.n, a.s];
    if (a.s > b.s) return [a.n, b.n * pow10(a.s - b.s), a.s];
    return [a.n * pow10(b.s - a.s), b.n, b.s];
  }

  // price per 1M tokens × tokens / 1,000,000, exactly; unknown price stays unknown.
  function cost(price, tokens) {
    var p = parse(price);
    if (p === null || p === undefined) return p === null ? null : undefined;
    var t = parse(tokens);
    if (t === null || t === undefined) return undefined;
    return make(p.n * t.n, p.s + t.s + MILLION_PLACES);
  }

  // A total is only known when every part is.
  function add() {
    var total = { n: ZERO, s: 0 };
    for (var i = 0; i < arguments.length; i++) {
      var part = parse(arguments[i]);
      if (part === null || part === undefined) return part;
      var al = align(total, part);
      total = { n: al[0] + al[1], s: al[2] };
    }
    return total;
  }

  function abs(n) {
    return n < ZERO ? -n : n;
  }

  function groupThousands(digits) {
    var out = "";
    var i = digits.length;
    while (i > 3) {
      out = "," + digits.slice(i - 3, i) + out;
      i -= 3;
    }
    return digits.slice(0, i) + out;
  }

  // catalog.formatting.money: two decimals from $0.10 up and four below ($0 is "$0.00"), more
  // only where the exact amount has them, up to six, beyond which it is rounded half up.
  function format(value) {
    var v = parse(value);
    if (v === null || v === undefined) return UNKNOWN;
    var n = v.n;
    var s = v.s;
    var negative = n < ZERO;
    var a = abs(n);
    // the exact amount's own decimals (Decimal.normalize()'s exponent)
    var needed = s;
    if (a === ZERO) {
      needed = 0;
    } else {
      while (needed > 0 && a % pow10(s - needed + 1) === ZERO) needed--;
    }
    var minimum = a === ZERO || a * TEN >= pow10(s) ? 2 : 4;
    var places = Math.min(Math.max(minimum, needed), 6);
    var q;
    var exact = true;
    if (places >= s) {
      q = a * pow10(places - s);
    } else {
      var div = pow10(s - places);
      q = a / div;
      var r = a % div;
      if (r !== ZERO) {
        exact = false;
        if (r * BigInt(2) >= div) q += BigInt(1); // ROUND_HALF_UP: ties away from zero
      }
    }
    if (!exact && places === 6 && q === ZERO) return "<$0.000001";
    var digits = q.toString();
    while (digits.length <= places) digits = "0" + digits;
    var intPart = digits.slice(0, digits.length - places);
    var fracPart = digits.slice(digits.length - places);
    var sign = negative && q !== ZERO ? "-" : "";
    return "$" + sign + groupThousands(intPart) + (places ? "." + fracPart : "");
  }

  // The exact decimal text of a value, e.g. "0.0560" -> "0.056" (for tests and debugging).
  function toString(value) {
    var v = parse(value);
    if (v === null || v === undefined) return "";
    var negative = v.n < ZERO;
    var digits = abs(v.n).toString();
    while (digits.length <= v.s) digits = "0" + digits;
    var text = v.s ? digits.slice(0, digits.length - v.s) + "." + digits.slice(digits.length - v.s) : digits;
    return (negative ? "-" : "") + text;
  }

  window.CatalogMoney = {
    UNKNOWN: UNKNOWN,
    parse: parse,
    cost: cost,
    add: add,
    format: format,
    toString: toString,
  };
})();
