// The agent desktop's guides: for the ringing call's queue and the chosen topic, without a search.
// The call panel carries data-queue (and data-topic once the contact is recorded); choosing a topic
// in the contact form, or a new call swapped in by the poll, asks the server again.
(function () {
  function refresh() {
    var box = document.getElementById("desk-guides");
    if (!box) return;
    var panel = document.getElementById("call-panel");
    var list = box.querySelector("[data-guides-list]");
    var queue = panel ? panel.dataset.queue || "" : "";
    var select = panel ? panel.querySelector("select[name=topic]") : null;
    var topic = select ? select.value : panel ? panel.dataset.topic || "" : "";
    if (!queue && !topic) {
      list.textContent = "";
      box.hidden = true;
      return;
    }
    var params = new URLSearchParams();
    if (queue) params.set("queue", queue);
    if (topic) params.set("topic", topic);
    fetch(box.dataset.url + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        list.innerHTML = html; // server-rendered and escaped by Django's templates
        box.hidden = false;
      });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("#call-panel select[name=topic]")) refresh();
  });
  document.addEventListener("htmx:afterSwap", refresh);
  document.addEventListener("DOMContentLoaded", refresh);
})();
