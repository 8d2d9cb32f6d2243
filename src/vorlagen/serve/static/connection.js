// The connection to the server: when vorlagen serve is stopped (Ctrl+C) or started anew
// while a page is open, the page says so in German (a live region) instead of leaving
// the user to the browser's own error page, where what was typed is gone. The signs: the
// live check (htmx) or a fetch of the page (draft, preview) fails, or is refused for
// want of the session. Before a form is sent, a quick request asks whether the server
// still answers this page; if not, the form stays as it is (the fields keep what was
// typed and can be copied) and the notice says what to do; the next attempt asks again.
// When the server answers again, the notice goes. Without JavaScript nothing changes.
(function () {
  "use strict";
  var PROBE = "/static/connection.js";  // small, through the same guard as every page
  var SAID = {
    away: "Die Verbindung zu vorlagen serve ist unterbrochen: nichts wurde gespeichert. " +
      "Bitte vorlagen serve neu starten und die Vorlage neu öffnen; was hier steht, " +
      "bitte vorher kopieren.",
    refused: "vorlagen serve kennt diese Seite nicht mehr (es wurde wohl neu gestartet): " +
      "nichts wurde gespeichert. Bitte die Adresse öffnen, die vorlagen serve beim Start " +
      "ausgegeben hat, und die Vorlage neu öffnen; was hier steht, bitte vorher kopieren."
  };
  var send = window.fetch.bind(window);
  var notice = document.createElement("div");
  notice.id = "verbindung";
  notice.className = "connection";
  notice.setAttribute("role", "alert");  // present (empty) from the start: announced
  var main = document.querySelector("main") || document.body;
  main.insertBefore(notice, main.firstChild);
  var state = "ok";
  var said = 0;  // how often the notice was said (data-said: for the tests)
  var passing = false;  // the submission that goes ahead after the probe
  var asking = false;  // a probe for a submission under way: a second click waits for it

  function show(now) {
    state = now;
    if (now === "ok") {
      notice.textContent = "";
      return;
    }
    // the time changes the text, so that every failed attempt is seen and announced
    notice.dataset.said = String(++said);
    notice.textContent = SAID[now] + " (Stand " + new Date().toLocaleTimeString("de-DE") +
      ")";
  }

  // "ok", "away" (no answer) or "refused" (an answer, but not for this page's session)
  function probe() {
    return send(PROBE, {method: "HEAD", cache: "no-store", credentials: "same-origin"})
      .then(function (answer) { return answer.status === 403 ? "refused" : "ok"; },
            function () { return "away"; });
  }

  function recheck() { probe().then(show); }

  function answered(status) {
    if (status === 403) { recheck(); } else if (state !== "ok") { show("ok"); }
  }

  window.fetch = function () {
    return send.apply(window, arguments).then(function (answer) {
      answered(answer.status);
      return answer;
    }, function (error) {
      if (!error || error.name !== "AbortError") { show("away"); }
      throw error;
    });
  };

  document.addEventListener("htmx:sendError", function () { show("away"); });
  document.addEventListener("htmx:afterRequest", function (event) {
    var request = event.detail && event.detail.xhr;
    if (request && request.status) { answered(request.status); }
  });

  // Capturing, before the page's own handlers (draft, downloads): they see only the
  // submission that goes ahead.
  document.addEventListener("submit", function (event) {
    if (passing || event.defaultPrevented) { return; }
    var form = event.target;
    var button = event.submitter;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (asking) { return; }
    asking = true;
    probe().then(function (now) {
      asking = false;
      show(now);
      if (now !== "ok" || !form.isConnected) { return; }
      passing = true;
      try {
        if (button) { form.requestSubmit(button); } else { form.requestSubmit(); }
      } finally {
        passing = false;
      }
    });
  }, true);
}());
