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
          location.reload();
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
