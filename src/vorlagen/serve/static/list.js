// The list of Vorlagen: sorting by the column headers and filtering while typing, in the
// page itself (without JavaScript the header links and the filter form ask the server);
// checks still under way are fetched again until they are done. "Neue Vorlage" opens with
// its first field, the Hausformat, focused.
(function () {
  "use strict";

  var dialog = document.getElementById("neu");
  if (dialog) {
    dialog.addEventListener("toggle", function () {
      var first = document.getElementById("neu-hausformat");
      if (dialog.open && first && !dialog.querySelector("[autofocus]")) { first.focus(); }
    });
  }

  var table = document.getElementById("vorlagen");
  if (!table) { return; }
  var body = table.tBodies[0];
  var status = document.getElementById("anzahl");
  var search = document.getElementById("suche");
  var form = search.form;
  var caption = table.caption;
  var collator = new Intl.Collator("de", { numeric: true, sensitivity: "base" });
  var headers = Array.prototype.slice.call(table.querySelectorAll("th[data-column]"));
  var total = body.rows.length;

  function rows() { return Array.prototype.slice.call(body.rows); }

  function value(row, index) { return row.cells[index].getAttribute("data-sort") || ""; }

  function say(text) {
    // a live region announces a change of its text only
    status.textContent = status.textContent === text ? text + "\u00a0" : text;
  }

  function counted() {
    var shown = rows().filter(function (row) { return !row.hidden; }).length;
    return shown + " von " + total + " Vorlagen gezeigt.";
  }

  function remember(name, text) {
    var url = new URL(window.location.href);
    url.searchParams.set(name, text);
    window.history.replaceState(null, "", url.pathname + url.search);
    if (form.elements[name]) { form.elements[name].value = text; }
  }

  function sortBy(index, descending) {
    headers.forEach(function (th, other) {
      if (other === index) {
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    var sorted = rows().sort(function (a, b) {
      var x = value(a, index), y = value(b, index);
      if (x === "" || y === "") { return (x === "") - (y === ""); } // empty last, either way
      var order = collator.compare(x, y) ||
        collator.compare(a.getAttribute("data-file"), b.getAttribute("data-file"));
      return descending ? -order : order;
    });
    sorted.forEach(function (row) { body.appendChild(row); });
    var label = headers[index].querySelector(".sort-label").textContent;
    var way = descending ? "absteigend" : "aufsteigend";
    caption.textContent = "Vorlagen im Ordner, " + way + " sortiert nach " + label;
    remember("sortierung", headers[index].getAttribute("data-column"));
    remember("richtung", descending ? "ab" : "auf");
    say("Sortiert nach " + label + ", " + way + ". " + counted());
  }

  // the header links become buttons that sort here
  headers.forEach(function (th, index) {
    var link = th.querySelector("a.sort");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    var label = document.createElement("span");
    label.className = "sort-label";
    label.textContent = link.firstChild.textContent;
    button.appendChild(label);
    button.appendChild(link.querySelector(".sort-sign"));
    link.replaceWith(button);
    button.addEventListener("click", function () {
      sortBy(index, th.getAttribute("aria-sort") === "ascending");
    });
  });

  // As the server's filter (serve/listing.py, Paper.matches): a word is inside the row's
  // text or the reason it is broken, or begins one of the words of its state ("gültig"
  // finds the valid ones, "ungültig", "Fehler" or "fehlerhaft" those needing work).
  var STATE_WORDS = ["gültig", "geprüft", "ungültig", "fehler", "fehlerhaft",
                     "unlesbar", "nicht", "ungeprüft", "wird"];

  function begins(words, word) {
    return words.some(function (said) { return said !== "" && said.indexOf(word) === 0; });
  }

  function matches(row, word) {
    var state = row.cells[row.cells.length - 1];
    if ((row.getAttribute("data-text") || "").toLocaleLowerCase("de").indexOf(word) !== -1) {
      return true;
    }
    if (begins((state.getAttribute("data-words") || "").split(" "), word)) { return true; }
    var reason = state.querySelector(".reason");
    var forState = word.length >= 3 && begins(STATE_WORDS, word);
    return !forState && reason !== null &&
      reason.textContent.toLocaleLowerCase("de").indexOf(word) !== -1;
  }

  function hideUnmatched() {
    var words = search.value.toLocaleLowerCase("de").split(/\s+/).filter(Boolean);
    rows().forEach(function (row) {
      row.hidden = !words.every(function (word) { return matches(row, word); });
    });
  }

  function filter() {
    hideUnmatched();
    remember("suche", search.value);
    say(counted());
  }

  // the rows change at once; the count is announced once typing pauses
  var typing = null;
  search.addEventListener("input", function () {
    window.clearTimeout(typing);
    hideUnmatched();
    typing = window.setTimeout(filter, 400);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
  var go = document.getElementById("suche-los");
  if (go) { go.hidden = true; }

  // checks still under way: the page is asked again (it waits for them a moment)
  var tries = 0;
  function refresh() {
    if (!body.querySelector("tr.pending") || tries++ > 30) { return; }
    window.fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : ""; })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html");
        var byFile = {};
        Array.prototype.forEach.call(fresh.querySelectorAll("#vorlagen tbody tr"), function (row) {
          byFile[row.getAttribute("data-file")] = row;
        });
        rows().forEach(function (row) {
          var now = byFile[row.getAttribute("data-file")];
          if (row.classList.contains("pending") && now && !now.classList.contains("pending")) {
            var index = row.cells.length - 1;
            row.replaceChild(document.importNode(now.cells[index], true), row.cells[index]);
            row.classList.remove("pending");
          }
        });
        if (text) { refresh(); }
      })
      .catch(function () { /* the page keeps what it shows */ });
  }
  refresh();
})();
