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

  /* ---- search ----
   * Residents ask in sentences (我要开无犯罪证明), in other words (租房 for 租住), in
   * traditional characters and with the optional parts of a name left out (居住证明 for
   * 居（租）住证明). A query becomes units: synonym terms, character pairs (bigrams) of what
   * is left once filler is dropped, and English word stems. An item scores by how many units
   * it contains and in which field (name over keywords over purpose over the rest). */

  var FIELD_WEIGHTS = [8, 4, 2, 1];
  var CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  /* Request filler, longest first, and the word every item name shares. */
  var FILLER = ["去哪里开", "去哪儿开", "在哪里开", "去哪开", "在哪开", "去哪办", "在哪办", "哪里开", "哪里办",
    "怎么开", "怎么办", "如何开", "如何办", "请问", "我想要", "我要", "我想", "开个", "开一个", "办个", "办一个",
    "办理", "去哪里", "去哪儿", "去哪", "在哪里", "在哪", "哪里", "怎么", "如何", "什么", "需要", "一个", "证明",
    "可以", "能不能", "能否", "吗", "呢", "的", "开", "办", "要", "个", "吧", "啊"];
  var EN_STOP = ["i", "me", "my", "a", "an", "the", "to", "of", "for", "need", "want", "get", "where", "how",
    "do", "can", "is", "please", "from", "in", "on", "with", "what", "certificate", "proof", "letter", "and", "or"];
  var fold = null; /* traditional character -> simplified, from the index */
  var synonyms = [];

  /* Full-width to half-width and compatibility forms (NFKC), lower case, traditional to
   * simplified with the index's table. */
  function normalize(s) {
    s = (s.normalize ? s.normalize("NFKC") : s).toLowerCase();
    if (!fold) { return s; }
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i);
      out += Object.prototype.hasOwnProperty.call(fold, c) ? fold[c] : c;
    }
    return out;
  }

  /* An English word without its plural or possessive ending. */
  function stem(w) {
    w = w.replace(/'s?$/, "");
    if (w.length > 5 && /ing$/.test(w)) { return w.slice(0, -3); }
    if (w.length > 4 && /ies$/.test(w)) { return w.slice(0, -3) + "y"; }
    if (w.length > 3 && /(ss|x|ch|sh)es$/.test(w)) { return w.slice(0, -2); }
    if (w.length > 3 && /[^s]s$/.test(w)) { return w.slice(0, -1); }
    return w;
  }
  function words(s) { return s.split(/[^0-9a-z\u00c0-\u024f']+/).filter(Boolean).map(stem); }

  /* A name without its optional parts, and with each in place of the characters before it:
   * 居（租）住证明 reads as 居住证明 and 租住证明. */
  function nameVariants(name) {
    var out = [name];
    var plain = name.replace(/[（(][^）)]*[）)]/g, "");
    if (plain !== name) { out.push(plain); }
    name.replace(/([\u3400-\u9fff]+)[（(]([^）)]*)[）)]/g, function (all, before, inside, at) {
      var kept = before.slice(0, Math.max(0, before.length - inside.length));
      out.push(name.slice(0, at) + kept + inside + name.slice(at + all.length));
      return all;
    });
    return out;
  }

  /* Prepare an index row once: normalized text of each field, and its English word stems. */
  function prepare(row) {
    var name = normalize(row[1]);
    var fields = [nameVariants(name).join(" | "), normalize(row[3]), normalize(row[4]), normalize(row[5])];
    return {
      href: row[0], name: row[1], state: row[2], detail: row[6], list: row[3],
      shortName: name.replace(/[（(][^）)]*[）)]/g, "").length,
      text: fields,
      words: fields.map(function (f) { return " " + words(f).join(" ") + " "; })
    };
  }

  /* The query as units; each unit lists the texts any one of which satisfies it. */
  function units(text) {
    var q = normalize(text);
    var out = [];
    var i, j, k, g;
    /* Synonym terms first, longest first, so 无违法犯罪 is one unit and not four pairs. */
    var terms = [];
    for (g = 0; g < synonyms.length; g++) {
      for (j = 0; j < synonyms[g].length; j++) { terms.push({ term: normalize(synonyms[g][j]), group: g }); }
    }
    terms.sort(function (a, b) { return b.term.length - a.term.length; });
    var cjk = q.match(CJK_RUN) || [];
    var rest = [];
    for (i = 0; i < cjk.length; i++) {
      var run = cjk[i];
      for (k = 0; k < terms.length; k++) {
        if (!CJK.test(terms[k].term)) { continue; }
        while (run.indexOf(terms[k].term) >= 0) {
          out.push({ any: synonyms[terms[k].group].map(normalize), en: false });
          run = run.replace(terms[k].term, " ");
        }
      }
      for (k = 0; k < FILLER.length; k++) { run = run.split(FILLER[k]).join(" "); }
      rest.push(run);
    }
    rest.join(" ").split(" ").forEach(function (piece) {
      if (piece.length === 1) { out.push({ any: [piece], en: false }); }
      for (var p = 0; p + 1 < piece.length; p++) { out.push({ any: [piece.slice(p, p + 2)], en: false }); }
    });
    var ws = words(q.replace(CJK_RUN, " "));
    var content = ws.filter(function (w) { return EN_STOP.indexOf(w) < 0; });
    if (!content.length) { content = ws; }
    content.forEach(function (w) {
      var any = [w];
      for (g = 0; g < synonyms.length; g++) {
        var members = synonyms[g].map(function (m) { return words(normalize(m)).join(" "); });
        if (members.indexOf(w) >= 0) { any = members; break; }
      }
      out.push({ any: any, en: true });
    });
    return out;
  }

  /* Weight of the best field containing the unit: English stems match word prefixes. */
  function unitWeight(entry, unit) {
    for (var f = 0; f < 4; f++) {
      for (var a = 0; a < unit.any.length; a++) {
        var hit = unit.en ? entry.words[f].indexOf(" " + unit.any[a]) >= 0 : entry.text[f].indexOf(unit.any[a]) >= 0;
        if (hit) { return FIELD_WEIGHTS[f]; }
      }
    }
    return 0;
  }

  function search(entries, text) {
    var us = units(text);
    if (!us.length) { return []; }
    var english = us.every(function (u) { return u.en; });
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var sum = 0;
      var found = 0;
      for (var u = 0; u < us.length; u++) {
        var w = unitWeight(entries[i], us[u]);
        sum += w;
        if (w) { found++; }
      }
      /* At least half of a Chinese request must be in the item (character pairs across
       * words are noise), more than half of an English one. */
      if (!found || found * 2 < us.length || (english && found * 2 === us.length)) { continue; }
      var s = entries[i].state;
      var gone = s === "removed" || s === "renamed" || s === "list" && entries[i].detail ? 1 : 0;
      hits.push({ entry: entries[i], score: sum / us.length - gone, order: i });
    }
    hits.sort(function (a, b) {
      return b.score - a.score || a.entry.shortName - b.entry.shortName || a.order - b.order;
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
    var lists = [];
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
      /* Items of the other lists (search-index.js `lists`) after the certificates. */
      var hits = search(entries, text).concat(search(lists, text));
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
        if (e.state === "list") {
          if (e.detail) { li.appendChild(badge("removed", e.detail)); }
          li.appendChild(el("p", "result-detail", spaced(label("list")) + e.list));
        } else {
          li.appendChild(badge(e.state, e.detail));
        }
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

    /* The index is a script file setting a global: it loads from disk (file://), where
     * fetch is blocked, and under a CSP that allows only scripts of the site itself. */
    function run() {
      var text = input.value;
      if (entries) { render(text); return; }
      if (pending) { return; }
      pending = document.createElement("script");
      pending.src = form.getAttribute("data-index");
      pending.onload = function () {
        var data = window.qingdanSearchIndex;
        if (!data) { pending = null; return; }
        fold = {};
        for (var i = 0; i < data.traditional[0].length; i++) {
          fold[data.traditional[0].charAt(i)] = data.traditional[1].charAt(i);
        }
        synonyms = data.synonyms || [];
        entries = data.items.map(prepare);
        lists = (data.lists || []).map(prepare);
        render(input.value);
      };
      pending.onerror = function () { pending.parentNode.removeChild(pending); pending = null; };
      document.head.appendChild(pending);
    }

    input.addEventListener("input", run);
    input.addEventListener("focus", run);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    form.hidden = false;
    if (input.value) { run(); }
  }

  /* The place picker: a name typed narrows the nested list to the places whose names hold
   * it, with the places above them (the way there) and below them (their communities).
   * Without JavaScript the list stays whole and the browser's Find searches it. */
  function setupPlaceFilter() {
    var box = document.getElementById("place-filter");
    var tree = document.querySelector("nav.place-tree");
    if (!box || !tree) { return; }
    var input = box.querySelector("input");
    var none = box.querySelector(".place-filter-none");
    var items = Array.prototype.slice.call(tree.querySelectorAll("li"));
    var names = items.map(function (li, i) {
      li.setAttribute("data-i", i);
      var a = li.querySelector("a");
      return a ? normalize(a.textContent) : "";
    });
    function show(shown, li) { shown[+li.getAttribute("data-i")] = true; }
    function run() {
      var q = normalize(input.value.replace(/\s+/g, ""));
      var shown = items.map(function () { return !q; });
      if (q) {
        items.forEach(function (li, i) {
          if (names[i].indexOf(q) < 0) { return; }
          shown[i] = true;
          /* Its own places below it, and the places above it. */
          li.querySelectorAll("li").forEach(function (d) { show(shown, d); });
          for (var up = li.parentElement; up && up !== tree; up = up.parentElement) {
            if (up.tagName === "LI") { show(shown, up); }
          }
        });
      }
      var any = false;
      items.forEach(function (li, i) { li.hidden = !shown[i]; any = any || shown[i]; });
      none.hidden = any;
    }
    input.addEventListener("input", run);
    box.hidden = false;
    if (input.value) { run(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupControls();
    setupSearch();
    setupPlaceFilter();
  });
})();
