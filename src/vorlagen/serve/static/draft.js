// Nothing lost: two seconds after the last input the form's values go to the server,
// which keeps them as a draft beside the Vorlage file (never in it), so that they are
// offered when the Vorlage is opened again, in this browser or another. Leaving the page
// while the form holds what is not saved asks first; the form's own buttons do not.
// Without JavaScript the form works as before, only without the draft.
(function () {
  "use strict";
  var form = document.getElementById("formular");
  var marker = document.getElementById("entwurf-stand");
  if (!form || !marker) { return; }
  var url = marker.dataset.url;
  var DELAY = 2000;
  // While an older draft is offered, typing does not replace it before it is answered.
  var offered = document.getElementById("entwurf") !== null;
  var timer = null;
  // The form's last submit: leaving through it does not ask. One another script takes
  // over (preview.js fetches a download itself) leaves no page, so later leaving asks.
  var submitted = null;

  function values() {
    var kept = new FormData();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { kept.append(name, value); }  // no file to upload
    });
    return kept;
  }

  function serial(data) {
    var parts = [];
    data.forEach(function (value, name) { parts.push([name, value]); });
    return JSON.stringify(parts);
  }

  // What the form held when the server last said whether that is saved.
  var base = serial(values());
  var unsavedAtBase = marker.dataset.unsaved === "true";

  function changed() { return unsavedAtBase || serial(values()) !== base; }

  function keep() {
    timer = null;
    var data = values();
    var sent = serial(data);
    fetch(url, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer) {
          base = sent;
          unsavedAtBase = answer.unsaved === true;
        }
      })
      .catch(function () { /* kept with the next input */ });
  }

  function schedule() {
    submitted = null;
    if (offered) { return; }
    if (timer !== null) { clearTimeout(timer); }
    timer = setTimeout(keep, DELAY);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function (event) {
    submitted = event;  // the form's own button sends everything to the server
  });
  window.addEventListener("beforeunload", function (event) {
    var sending = submitted !== null && !submitted.defaultPrevented;
    submitted = null;
    if (sending) {
      if (timer !== null) { clearTimeout(timer); timer = null; }
      return;
    }
    if (!changed()) { return; }
    event.preventDefault();
    event.returnValue = "";
  });
  window.addEventListener("pagehide", function () {
    if (timer !== null && navigator.sendBeacon) {  // the last input before leaving
      clearTimeout(timer);
      timer = null;
      navigator.sendBeacon(url, values());
    }
  });
  if (unsavedAtBase && !offered) { schedule(); }  // e.g. after "Prüfen" or a new row
})();
