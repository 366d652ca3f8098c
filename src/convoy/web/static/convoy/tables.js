// Says so in words when a table is wider than its box (a tablet, many columns), so that the
// columns to the right are not missed. Without JavaScript the edge shadows still show it.
(function () {
  "use strict";
  function mark(wrap) {
    var hint = wrap.previousElementSibling;
    var has = hint && hint.classList.contains("scroll-hint");
    var overflows = wrap.scrollWidth > wrap.clientWidth + 1;
    if (overflows && !has) {
      hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.textContent = wrap.getAttribute("data-scroll-hint") || "Scroll sideways for more columns";
      wrap.parentNode.insertBefore(hint, wrap);
    } else if (!overflows && has) {
      hint.remove();
    }
  }
  function markAll() {
    document.querySelectorAll(".table-wrap[data-scroll-hint]").forEach(mark);
  }
  document.addEventListener("DOMContentLoaded", markAll);
  window.addEventListener("resize", markAll);
  document.addEventListener("htmx:afterSettle", markAll);
})();
