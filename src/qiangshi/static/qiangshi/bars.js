// Progress bars: the page gives each fill its width and each marker its place in data-width /
// data-left, because the Content-Security-Policy refuses style attributes; a script may still
// set the same properties through the DOM. Runs on load and after every htmx swap.
(function () {
  "use strict";
  function place(root) {
    root.querySelectorAll(".bar [data-width]").forEach(function (el) {
      el.style.width = el.getAttribute("data-width");
    });
    root.querySelectorAll(".bar [data-left]").forEach(function (el) {
      el.style.left = el.getAttribute("data-left");
    });
  }
  document.addEventListener("DOMContentLoaded", function () { place(document); });
  document.addEventListener("htmx:afterSettle", function (e) { place(e.target); });
})();
