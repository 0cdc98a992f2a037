// A roster being solved: reload its page every few seconds until the worker is done
// (the element carries data-roster-refresh="<seconds>"; no inline script under the CSP).
(function () {
  "use strict";
  var note = document.querySelector("[data-roster-refresh]");
  if (!note) {
    return;
  }
  var seconds = parseInt(note.getAttribute("data-roster-refresh"), 10) || 5;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
