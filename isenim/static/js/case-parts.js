// The case page's parts fold (<details>): a link to a part ("#services"), from the links at the top or from
// another page, opens the part it points into if the reader had closed it. Without this script every part
// still starts open.
(function () {
  "use strict";
  function openTarget() {
    if (!location.hash) { return; }
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (target) { target.scrollIntoView(); }
  }
  document.addEventListener("DOMContentLoaded", openTarget);
  window.addEventListener("hashchange", openTarget);
})();
