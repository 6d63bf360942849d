// Served by `guide serve` into the preview page: reloads the page when the guide is rebuilt,
// keeping the reader's place. The server sends each new version number as an event.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-version") : null;
  var key = "guide-preview-scroll";

  function restore() {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      window.scrollTo(0, Number(saved));
    }
  }
  restore();
  window.addEventListener("load", function () {
    restore();
    sessionStorage.removeItem(key);
  });

  var events = new EventSource("/_guide/events");
  events.onmessage = function (event) {
    if (event.data !== shown) {
      sessionStorage.setItem(key, String(window.scrollY));
      events.close();
      window.location.reload();
    }
  };
})();
