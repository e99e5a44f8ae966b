// qingdan serve only: reload the page after each successful rebuild, and show the problems of
// a failed one over the last good page. Never part of a built site.
(function () {
  "use strict";
  var status = document.currentScript.src.replace(/live\.js(\?.*)?$/, "status");
  var seen = null;
  var box = null;

  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.id = "qingdan-build-errors";
      var s = box.style;
      s.position = "fixed";
      s.left = "0";
      s.right = "0";
      s.bottom = "0";
      s.maxHeight = "60vh";
      s.overflow = "auto";
      s.zIndex = "2147483647";
      s.background = "#fff4f4";
      s.color = "#000";
      s.borderTop = "4px solid #b00020";
      s.padding = "0.75em 1em";
      s.font = "14px/1.4 monospace";
      s.whiteSpace = "pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent =
      "The last change broke the build; this is the last good version of the page.\n\n" + text;
  }

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function poll() {
    fetch(status, { cache: "no-store" })
      .then(function (r) {
        return r.json();
      })
      .then(function (s) {
        if (seen === null) {
          seen = s.generation;
        } else if (s.generation !== seen) {
          location.reload();
          return;
        }
        if (s.errors) {
          show(s.errors);
        } else {
          hide();
        }
      })
      .catch(function () {})
      .then(function () {
        setTimeout(poll, 1000);
      });
  }
  poll();
})();
