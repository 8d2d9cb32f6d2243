// The paper beside the form: the live preview, the preview that follows the
// section being edited, the preview as a panel on narrow screens, and downloads with a
// visible progress state. Without JavaScript the form's own buttons do all of it but
// the live preview: "Vorschau" draws the pages, a download button sends the form.
(function () {
  "use strict";
  var form = document.getElementById("formular");
  var panel = document.getElementById("vorschau");
  if (!form || !panel) { return; }
  document.documentElement.classList.add("js");

  var PAUSE = 800;  // ms without input before the preview is made again
  var WIDE = window.matchMedia("(min-width: 1300px)");
  var toggle = document.getElementById("vorschau-zeigen");
  var closer = document.getElementById("vorschau-schliessen");
  var choice = document.getElementById("vorschau-fassung");
  var title = document.getElementById("vorschau-titel");
  var stand = document.getElementById("vorschau-stand");
  var said = document.getElementById("vorschau-meldung");
  var head = panel.querySelector(".preview-head");
  var outside = [document.querySelector(".editor-form"), document.querySelector("header"),
                 document.querySelector(".skip-link")];
  var downloadStatus = document.getElementById("download-status");
  panel.querySelector(".preview-controls").hidden = false;
  toggle.hidden = false;

  var timer = null, controller = null, sequence = 0, places = {};
  var lastFocus = null, returnTo = null, savedScroll = 0;

  function pages() { return document.getElementById("vorschau-seiten"); }

  function readPlaces() {
    try { places = JSON.parse(pages().dataset.places || "{}"); } catch (e) { places = {}; }
  }

  // --- the live preview -------------------------------------------------------------
  function later() {
    if (timer !== null) { window.clearTimeout(timer); }
    timer = window.setTimeout(refresh, PAUSE);
  }

  function sent() {
    var data = new FormData(form);
    Array.from(data.entries()).forEach(function (entry) {
      if (entry[1] instanceof File) { data.delete(entry[0]); }  // an upload goes by its button
    });
    data.set("_fassung", choice.value);
    return data;
  }

  function refresh() {
    timer = null;
    if (controller !== null) { controller.abort(); }  // the newer request wins
    var mine = ++sequence;
    var ownController = controller = new AbortController();
    panel.setAttribute("aria-busy", "true");
    stand.textContent = "Vorschau wird aktualisiert …";
    fetch("/vorschau?datei=" + encodeURIComponent(panel.dataset.datei),
          {method: "POST", body: sent(), credentials: "same-origin",
           signal: ownController.signal})
      .then(function (answer) {
        if (!answer.ok) { throw new Error("HTTP " + answer.status); }
        return answer.text();
      })
      .then(function (html) { return mine === sequence ? show(html, mine) : null; })
      .catch(function (error) {
        if (mine !== sequence || error.name === "AbortError") { return; }
        stand.textContent = "";
        said.textContent = "Die Vorschau ließ sich nicht aktualisieren; sie zeigt den " +
          "letzten Stand.";
      })
      .finally(function () {
        if (mine === sequence) { panel.removeAttribute("aria-busy"); }
      });
  }

  // The last good pages, kept for this tab across the form's own buttons (a new row, a
  // save): a page drawn while the paper has an error shows them, marked as out of date.
  var KEPT = "vorlagen-vorschau:" + panel.dataset.datei;

  function keep(fresh) {
    try {
      window.sessionStorage.setItem(KEPT, JSON.stringify(
        {html: fresh.outerHTML, title: title.textContent, fassung: choice.value}));
    } catch (e) { /* not kept: the next good preview shows */ }
  }

  function outdated(reason) {
    var current = pages();
    var error = current.querySelector(".error");
    if (error) { error.remove(); }  // one message, in the live region above the pages
    current.classList.toggle("outdated", current.querySelector("img") !== null);
    stand.textContent = "";
    if (current.querySelector("img")) {
      said.textContent = "Veraltet: die Vorlage hat Fehler (siehe Prüfung); die Vorschau " +
        "zeigt den letzten fehlerfreien Stand.";
    } else {
      said.textContent = reason || "Keine Vorschau.";
    }
  }

  function restore() {
    var kept = null;
    try { kept = JSON.parse(window.sessionStorage.getItem(KEPT) || "null"); } catch (e) { kept = null; }
    if (!kept || typeof kept.html !== "string") { return; }
    var asked = title.textContent.indexOf(":") >= 0;  // a Fassung the page was drawn for
    if (asked && kept.fassung !== choice.value) { return; }
    var template = document.createElement("template");
    template.innerHTML = kept.html;
    var old = template.content.getElementById("vorschau-seiten");
    if (old === null || !old.querySelector("img")) { return; }
    var error = pages().querySelector(".error");
    pages().replaceWith(old);
    old.classList.add("outdated");  // until the new pages are there
    if (error) { outdated(error.textContent); }
    title.textContent = kept.title;
    choice.value = kept.fassung;
    readPlaces();
  }

  function show(html, mine) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var fresh = template.content.getElementById("vorschau-seiten");
    if (fresh === null) { return null; }
    var time = new Date().toLocaleTimeString("de-DE");
    if (fresh.dataset.ok !== "true") {
      var reason = fresh.querySelector(".error");
      if (!pages().querySelector("img")) {
        pages().replaceWith(fresh);
        readPlaces();
      }
      outdated(reason ? reason.textContent : "");  // the last good pages stay
      return null;
    }
    var images = Array.from(fresh.querySelectorAll("img"));
    // the new pictures loaded before they replace the old: no blank flash
    return Promise.all(images.map(function (image) {
      var probe = new Image();
      probe.src = image.getAttribute("src");
      return probe.decode().catch(function () { return null; });
    })).then(function () {
      if (mine !== sequence) { return; }
      var top = panel.scrollTop;
      pages().replaceWith(fresh);
      panel.scrollTop = top;
      readPlaces();
      keep(fresh);
      said.textContent = "";
      title.textContent = "Vorschau: " + choice.options[choice.selectedIndex].text;
      stand.textContent = "Stand " + time + ".";
      var current = document.activeElement;
      if (current && form.contains(current)) { follow(current); }
    });
  }

  // --- the preview follows the section being edited --------------------------------
  function pageOf(element) {
    for (var node = element; node && node !== form; node = node.parentElement) {
      if (node.id && Object.prototype.hasOwnProperty.call(places, node.id)) {
        return places[node.id];
      }
    }
    return null;
  }

  function showPage(number) {
    var figure = pages().querySelector('figure[data-page="' + number + '"]');
    if (figure === null) { return; }
    panel.dataset.page = String(number);
    panel.scrollTop = figure.offsetTop - (head ? head.offsetHeight : 0);
  }

  function follow(element) {
    var number = pageOf(element);
    if (number !== null) { showPage(number); }
  }

  form.addEventListener("focusin", function (event) {
    lastFocus = event.target;
    follow(event.target);
  });
  form.addEventListener("input", later);
  form.addEventListener("change", function (event) {
    if (event.target.type !== "file") { later(); }
  });
  choice.addEventListener("change", refresh);

  // --- narrow screens: the preview one click away ----------------------------------
  function open() {
    var active = document.activeElement;
    returnTo = (active === toggle && toggle.matches(":focus-visible")) || !lastFocus ||
      !document.contains(lastFocus) ? toggle : lastFocus;
    savedScroll = window.scrollY;
    panel.classList.add("open");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    toggle.setAttribute("aria-expanded", "true");
    outside.forEach(function (element) { if (element) { element.inert = true; } });
    if (panel.dataset.page) { showPage(panel.dataset.page); }
    closer.focus();
  }

  function close() {
    if (!panel.classList.contains("open")) { return; }
    panel.classList.remove("open");
    panel.removeAttribute("role");
    panel.removeAttribute("aria-modal");
    toggle.setAttribute("aria-expanded", "false");
    outside.forEach(function (element) { if (element) { element.inert = false; } });
    window.scrollTo(window.scrollX, savedScroll);
    (returnTo || toggle).focus({preventScroll: true});
  }

  toggle.addEventListener("click", open);
  closer.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); }
  });
  WIDE.addEventListener("change", function () { if (WIDE.matches) { close(); } });

  // --- downloads with a visible progress state --------------------------------------
  function fileName(disposition) {
    var match = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    return match ? decodeURIComponent(match[1]) : "vorlage";
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function download(button) {
    var label = button.textContent;
    var busy = button.dataset.format + " wird erstellt …";
    button.setAttribute("aria-busy", "true");
    button.textContent = busy;
    downloadStatus.textContent = busy;
    fetch(form.getAttribute("action"), {method: "POST", body: new FormData(form, button),
                                        credentials: "same-origin"})
      .then(function (answer) {
        var disposition = answer.headers.get("content-disposition") || "";
        if (!answer.ok || disposition.indexOf("attachment") < 0) {
          // not made (the Vorlage has errors): the page's message why, announced in its
          // live region; the focus stays on the button (the page is not drawn again)
          return answer.text().then(function (html) {
            var template = document.createElement("template");
            template.innerHTML = html;
            var reason = template.content.getElementById("meldung");
            downloadStatus.textContent = "";
            var text = reason && reason.textContent.trim() ? reason.textContent.trim()
              : "Die Datei ließ sich nicht erstellen.";
            document.getElementById("meldung").textContent = text;
            if (typeof window.showMessageNearby === "function") { window.showMessageNearby(text); }
          });
        }
        return answer.blob().then(function (blob) {
          var name = fileName(disposition);
          save(blob, name);
          downloadStatus.textContent = name + " ist heruntergeladen.";
        });
      })
      .catch(function () {
        downloadStatus.textContent = "Die Datei ließ sich nicht erstellen. Bitte noch " +
          "einmal versuchen.";
      })
      .finally(function () {
        button.removeAttribute("aria-busy");
        button.textContent = label;
      });
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.classList.contains("download")) { return; }
    event.preventDefault();
    if (button.getAttribute("aria-busy") !== "true") { download(button); }
  });

  // --- at the start ----------------------------------------------------------------
  readPlaces();
  var shown = title.textContent.indexOf("Veröffentlichung") >= 0 ? "oeffentlich" : "voll";
  choice.value = shown;
  if (title.hasAttribute("autofocus") && !WIDE.matches) {
    // "Vorschau" pressed where the pages are one click away ("Vorschau zeigen"): the
    // heading the page would focus is not shown here, so the focus stays on the button
    var pressed = form.querySelector("button[value='vorschau:" + shown + "']");
    if (pressed) { pressed.focus(); }
  }
  if (pages().querySelector("img")) {
    keep(pages());
  } else {
    restore();
    stand.textContent = "Vorschau wird erstellt …";
    refresh();
  }
}());
