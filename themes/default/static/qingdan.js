/* qingdan: display settings (text size, high contrast) and certificate search.
 * Plain JavaScript, no eval, no inline code: runs under `script-src 'self'`.
 * Loaded in <head> without defer so saved settings apply before the first paint. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY_SIZE = "qingdan.textSize";
  var KEY_CONTRAST = "qingdan.contrast";
  var SIZES = ["normal", "large", "xlarge"];

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: session only */ }
  }
  function applySize(size) {
    if (SIZES.indexOf(size) < 0) { size = "normal"; }
    if (size === "normal") { root.removeAttribute("data-text-size"); } else { root.setAttribute("data-text-size", size); }
    return size;
  }
  function applyContrast(on) {
    if (on) { root.setAttribute("data-contrast", "high"); } else { root.removeAttribute("data-contrast"); }
  }

  applySize(load(KEY_SIZE));
  applyContrast(load(KEY_CONTRAST) === "high");

  function setupControls() {
    var box = document.querySelector(".a11y-controls");
    if (!box) { return; }
    var sizeButtons = box.querySelectorAll("button[data-text-size]");
    var contrast = box.querySelector("button[data-contrast]");
    function refresh() {
      var size = root.getAttribute("data-text-size") || "normal";
      for (var i = 0; i < sizeButtons.length; i++) {
        sizeButtons[i].setAttribute("aria-pressed", String(sizeButtons[i].getAttribute("data-text-size") === size));
      }
      if (contrast) { contrast.setAttribute("aria-pressed", String(root.getAttribute("data-contrast") === "high")); }
    }
    for (var i = 0; i < sizeButtons.length; i++) {
      sizeButtons[i].addEventListener("click", function (ev) {
        save(KEY_SIZE, applySize(ev.currentTarget.getAttribute("data-text-size")));
        refresh();
      });
    }
    if (contrast) {
      contrast.addEventListener("click", function () {
        var on = root.getAttribute("data-contrast") !== "high";
        applyContrast(on);
        save(KEY_CONTRAST, on ? "high" : "normal");
        refresh();
      });
    }
    refresh();
    box.hidden = false;
  }

  /* ---- search ---- */

  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  var PUNCT = /[\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20()\[\]{}.,;:!?'"\-_/\\·]+/g;

  function normalize(s) {
    return (s.normalize ? s.normalize("NFKC") : s).toLowerCase();
  }
  function squash(s) { return normalize(s).replace(PUNCT, ""); }
  function words(s) { return normalize(s).split(/[^0-9a-z\u00c0-\u024f]+/).filter(Boolean); }

  /* Prepare an index row once: squashed text for substring search, word lists for prefixes. */
  function prepare(row) {
    var fields = [row[1], row[3], row[4], row[5]];
    return {
      href: row[0], name: row[1], state: row[2], detail: row[6],
      squashed: fields.map(squash),
      words: fields.map(words)
    };
  }

  /* Rank of the best matching field (0 name, 1 keywords, 2 purpose, 3 the rest), or -1.
   * Chinese queries match any run of characters; other queries match word prefixes. */
  function rank(entry, q) {
    var f, i, j, ok;
    if (CJK.test(q.raw)) {
      for (f = 0; f < 4; f++) { if (entry.squashed[f].indexOf(q.squashed) >= 0) { return f; } }
      return -1;
    }
    for (f = 0; f < 4; f++) {
      ok = q.words.length > 0;
      for (i = 0; ok && i < q.words.length; i++) {
        ok = false;
        for (j = 0; j < entry.words[f].length; j++) {
          if (entry.words[f][j].indexOf(q.words[i]) === 0) { ok = true; break; }
        }
      }
      if (ok) { return f; }
    }
    return -1;
  }

  function search(entries, text) {
    var q = { raw: text, squashed: squash(text), words: words(text) };
    if (!q.squashed) { return []; }
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var r = rank(entries[i], q);
      if (r >= 0) {
        var gone = entries[i].state === "removed" || entries[i].state === "renamed" ? 1 : 0;
        hits.push({ entry: entries[i], score: r * 2 + gone, order: i });
      }
    }
    hits.sort(function (a, b) {
      return a.score - b.score || a.entry.name.length - b.entry.name.length || a.order - b.order;
    });
    return hits.slice(0, 20);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  function setupSearch() {
    var form = document.querySelector("form.search");
    if (!form) { return; }
    var input = form.querySelector("#q");
    var list = form.querySelector("#search-results");
    var status = form.querySelector("#search-status");
    var empty = form.querySelector("#search-empty");
    var base = form.getAttribute("data-root") || "";
    var entries = null;
    var pending = null;

    function label(name) { return form.getAttribute("data-" + name) || ""; }

    /* A label before its text: Chinese ends in a full-width colon and takes no space. */
    function spaced(text) { return /[\s\uFF1A]$/.test(text) ? text : text + " "; }

    /* The verdict as an icon and a word, the same words as on the item page. */
    var VERDICT = {
      issued: ["badge-issued", "\u2713 ", "issued"],
      cancelled: ["badge-cancelled", "\u2717 ", "cancelled"],
      removed: ["badge-gone", "\u2013 ", "removed"],
      renamed: ["badge-gone", "\u2192 ", "renamed-word"]
    };

    function badge(state, detail) {
      var v = VERDICT[state] || VERDICT.removed;
      var b = el("span", "badge " + v[0]);
      var icon = el("span", null, v[1]);
      icon.setAttribute("aria-hidden", "true");
      b.appendChild(icon);
      b.appendChild(document.createTextNode(label(v[2]).replace("{date}", detail)));
      return b;
    }

    function render(text) {
      var hits = search(entries, text);
      list.textContent = "";
      empty.hidden = !(text.trim() && hits.length === 0);
      status.textContent = text.trim() ? label("count").replace("{n}", String(hits.length)) : "";
      hits.forEach(function (hit) {
        var e = hit.entry;
        var li = el("li", "result result-" + e.state);
        var a = el("a", null, e.name);
        a.href = base + e.href;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(badge(e.state, e.detail));
        if (e.state === "cancelled" && e.detail) {
          li.appendChild(el("p", "result-detail", spaced(label("instead")) + e.detail));
        } else if (e.state === "renamed" && e.detail) {
          var parts = e.detail.split("\u001f");
          var p = el("p", "result-detail", spaced(label("renamed")));
          var to = el("a", null, parts[1] || parts[0]);
          to.href = base + parts[0];
          p.appendChild(to);
          li.appendChild(p);
        }
        list.appendChild(li);
      });
    }

    function run() {
      var text = input.value;
      if (entries) { render(text); return; }
      if (pending) { return; }
      pending = fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { entries = data.items.map(prepare); render(input.value); })
        .catch(function () { pending = null; });
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", run);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    form.hidden = false;
    if (input.value) { run(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupControls();
    setupSearch();
  });
})();
