// qingdan serve only: reload the page after each successful rebuild, and show the problems of
// a failed one over the last good page. Never part of a built site.
(function () {
  "use strict";
  var status = document.currentScript.src.replace(/live\.js(\?.*)?$/, "status");
  var seen = null;
  var builds = null;
  var box = null;

  // The notice comes with the status, in the language the preview was started in.
  function show(notice, text) {
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.id = "qingdan-build-errors";
      // Set through the CSSOM, which a CSP without 'unsafe-inline' allows.
      Object.assign(box.style, {
        position: "fixed",
        left: "0",
        right: "0",
        bottom: "0",
        maxHeight: "60vh",
        overflow: "auto",
        zIndex: "2147483647",
        background: "#fff4f4",
        color: "#000",
        borderTop: "4px solid #b00020",
        padding: "0.75em 1em",
        font: "14px/1.4 monospace",
        whiteSpace: "pre-wrap",
      });
      document.body.appendChild(box);
    }
    box.textContent = notice + "\n\n" + text;
  }

  // The page made anew: its text at once, in place of the old (a reload takes a browser about
  // a tenth of a second or more), then the page loaded again as a whole, its head and scripts
  // with it, once that text is on screen. The browser keeps showing it until the reloaded page
  // is painted, with the same text.
  function showNew() {
    fetch(location.href, { cache: "no-store" })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        document.title = next.title;
        document.body.replaceWith(document.adoptNode(next.body));
        box = null;
        requestAnimationFrame(function () {
          requestAnimationFrame(function () {
            location.reload();
          });
        });
      })
      .catch(function () {
        location.reload();
      });
  }

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  // Each question names the page and says how many builds it has seen end, and how many
  // times a build made the open pages ahead of the rest; the preview answers when either
  // changes, or after a while with nothing new, and the page asks again at once. The answer
  // says which good build the page would show if loaded now: a rebuild reaches the page as
  // soon as the page itself is made, before the rest of the site is written.
  var shown = null;
  var page = "?page=" + encodeURIComponent(location.pathname);
  function poll() {
    var url = status + page;
    if (builds !== null) {
      url += "&builds=" + builds + "&shown=" + shown;
    }
    var wait = 0;
    fetch(url, { cache: "no-store" })
      .then(function (r) {
        return r.json();
      })
      .then(function (s) {
        builds = s.builds;
        shown = s.shown;
        if (seen === null) {
          seen = s.page_generation;
        } else if (s.page_generation !== seen) {
          showNew();
          return;
        }
        if (s.errors) {
          show(s.notice, s.errors);
        } else {
          hide();
        }
      })
      .catch(function () {
        // The preview stopped or restarts: ask again in a second, not in a tight loop.
        wait = 1000;
      })
      .then(function () {
        setTimeout(poll, wait);
      });
  }
  poll();
})();
