// Behaviour of the screen edition (guide.html), loaded after the page. Trainers may edit it.
// The sidebar marks the chapter and the section being read, and keeps them in its view.
(function () {
  "use strict";
  var toc = document.querySelector(".screen-toc");
  if (!toc) {
    return;
  }
  var entries = [];
  toc.querySelectorAll('a[href^="#"]').forEach(function (link) {
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (target) {
      entries.push({ link: link, target: target });
    }
  });
  var shown = null;

  function mark() {
    var line = window.innerHeight * 0.2;
    var reading = null;
    entries.forEach(function (entry) {  // the contents are in page order
      if (entry.target.getBoundingClientRect().top <= line) {
        reading = entry;
      }
    });
    if (reading === shown) {
      return;
    }
    toc.querySelectorAll(".current").forEach(function (element) {
      element.classList.remove("current");
    });
    shown = reading;
    if (reading) {
      reading.link.classList.add("current");
      var chapter = reading.link.closest(".contents-chapter");
      if (chapter) {
        chapter.classList.add("current");
      }
      if (toc.open && reading.link.scrollIntoView) {
        reading.link.scrollIntoView({ block: "nearest" });
      }
    }
  }

  var pending = false;
  window.addEventListener("scroll", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        mark();
      });
    }
  }, { passive: true });
  window.addEventListener("load", mark);
  mark();
})();
