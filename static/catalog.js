// Progressive enhancement only: every page is complete without this script.
// - Quickstart blocks, stacked without JavaScript, become tabs (WAI-ARIA tabs pattern).
// - Copy buttons, hidden without JavaScript, put exactly the code or model ID on the clipboard.
(function () {
  "use strict";

  function setUpTabs(container) {
    var panels = Array.prototype.slice.call(container.querySelectorAll(".tab-panel"));
    if (panels.length < 2) return;
    var list = document.createElement("div");
    list.className = "tablist";
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", "Quickstart language");
    var tabs = panels.map(function (panel, i) {
      var heading = panel.querySelector("h3");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.id = panel.id + "-tab";
      tab.textContent = heading ? heading.textContent : "Code " + (i + 1);
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      list.appendChild(tab);
      return tab;
    });
    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var on = i === index;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
      });
      if (focus) tabs[index].focus();
    }
    list.addEventListener("click", function (event) {
      var i = tabs.indexOf(event.target.closest("[role=tab]"));
      if (i >= 0) select(i, false);
    });
    list.addEventListener("keydown", function (event) {
      var current = tabs.indexOf(document.activeElement);
      if (current < 0) return;
      var next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      select((next + tabs.length) % tabs.length, true);
    });
    container.insertBefore(list, container.firstChild);
    container.classList.add("is-tabbed");
    select(0, false);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // file:// and plain http: fall back to a selection the browser copies.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function setUpCopy(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) return;
    var label = button.firstChild;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(target.textContent.replace(/\n$/, "")).then(function () {
        label.nodeValue = "Copied";
        button.setAttribute("data-copied", "");
        setTimeout(function () {
          label.nodeValue = "Copy";
          button.removeAttribute("data-copied");
        }, 1600);
      });
    });
  }

  document.querySelectorAll("[data-tabs]").forEach(setUpTabs);
  document.querySelectorAll("button.copy[data-copy-target]").forEach(setUpCopy);
})();
