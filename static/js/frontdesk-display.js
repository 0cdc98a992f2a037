// The waiting-room display: asks the server for the latest calls about once a second (the servers are
// gunicorn sync workers: no server-sent events) and beeps when a number is called. The beep is made
// by the Web Audio API here, no sound file; browsers let it play once someone has pressed "Sound on".
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-state-url");
  var lastCall = parseInt(body.getAttribute("data-last-call") || "0", 10);
  var audio = null;

  function beep() {
    if (!audio) { return; }
    var start = audio.currentTime;
    [0, 0.35].forEach(function (offset, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = i === 0 ? 880 : 660;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.3);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.32);
    });
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
  }

  function show(state) {
    var tbody = document.querySelector("#calls tbody");
    tbody.textContent = "";
    state.calls.forEach(function (call, i) {
      var tr = document.createElement("tr");
      if (i === 0) { tr.className = "latest"; }
      cell(tr, call.number);
      cell(tr, call.desk);
      tbody.appendChild(tr);
    });
    var waiting = document.getElementById("waiting");
    waiting.textContent = "";
    state.waiting.forEach(function (number) {
      var span = document.createElement("span");
      span.textContent = number;
      waiting.appendChild(span);
      waiting.appendChild(document.createTextNode(" "));
    });
    if (state.last_call > lastCall) { beep(); }
    lastCall = state.last_call;
  }

  function poll() {
    fetch(url, { cache: "no-store", credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) { show(state); } })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, 1000); });
  }

  document.getElementById("sound-on").addEventListener("click", function (event) {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) { audio = new Context(); }
    beep();
    event.target.hidden = true;
  });
  window.setTimeout(poll, 1000);
})();
