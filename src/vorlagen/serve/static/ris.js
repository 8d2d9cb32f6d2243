// The body's Gremien and their next meetings from its Ratsinformationssystem
// (serve/ris_choices.py): when a Beratung's Gremium changes, the meeting days offered
// beside its Sitzungstermine follow at once, from the days of every Gremium the page
// carries; a day's button adds the day to the field in the page. Without JavaScript the
// button sends the form and the server adds the day; the days follow a changed Gremium
// after any button.
(function () {
  "use strict";
  var known = null;

  function gremien() {
    if (known === null) {
      var source = document.getElementById("ris-termine");
      try { known = source ? JSON.parse(source.textContent) : {}; } catch (error) { known = {}; }
    }
    return known;
  }

  // as ris_choices.key: lower case, ß as ss, single spaces
  function key(name) {
    return name.toLowerCase().replace(/ß/g, "ss").split(/\s+/).filter(Boolean).join(" ");
  }

  // a day as TT.MM.JJJJ however the field has it (1.2.2027, 2027-02-01), to compare
  function same(day) {
    var german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(day);
    var iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(day);
    var two = function (number) { return ("0" + Number(number)).slice(-2); };
    if (german) { return two(german[1]) + "." + two(german[2]) + "." + german[3]; }
    if (iso) { return two(iso[3]) + "." + two(iso[2]) + "." + iso[1]; }
    return day;
  }

  function draw(box, name) {
    var shown = box.querySelector(".ris-days-shown");
    var all = gremien();
    var found = Object.prototype.hasOwnProperty.call(all, key(name)) ? all[key(name)] : null;
    var wanted = found ? found.name : "";
    if (!shown || shown.dataset.shown === wanted) { return; }  // the same: nothing said again
    shown.dataset.shown = wanted;
    shown.textContent = "";
    if (!found) { return; }
    var hint = document.createElement("p");
    hint.className = "hint";
    if (!found.termine.length) {
      hint.textContent = "Keine weiteren Sitzungen dieses Gremiums im Ratsinformationssystem.";
      shown.appendChild(hint);
      return;
    }
    hint.textContent = "Nächste Sitzungen – übernehmen:";
    var buttons = document.createElement("div");
    buttons.className = "ris-day-buttons";
    found.termine.forEach(function (day) {
      var button = document.createElement("button");
      button.type = "submit";
      button.name = "_aktion";
      button.value = "termin:" + box.dataset.name + ":" + day;
      button.className = "small";
      button.dataset.day = day;
      button.setAttribute("aria-label", day + " als Sitzungstermin übernehmen");
      button.textContent = day;
      buttons.appendChild(button);
    });
    shown.appendChild(hint);
    shown.appendChild(buttons);
  }

  function follow(event) {
    var control = event.target;
    if (!control || !control.id) { return; }
    document.querySelectorAll(".ris-days").forEach(function (box) {
      if (box.dataset.gremium === control.id) { draw(box, control.value); }
    });
  }
  document.addEventListener("input", follow);
  document.addEventListener("change", follow);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".ris-days button[data-day]");
    var box = button && button.closest(".ris-days");
    var field = box && document.getElementById(box.dataset.dates);
    if (!field) { return; }
    event.preventDefault();
    var day = button.dataset.day;
    var days = field.value.split(/[,;\s]+/).filter(Boolean);
    var said;
    if (days.map(same).indexOf(same(day)) !== -1) {
      said = day + " steht bei " + box.dataset.row + " schon unter den Sitzungsterminen.";
    } else {
      days.push(day);
      field.value = days.join(", ");
      // the live check, the preview and the draft see the change as if typed
      field.dispatchEvent(new Event("input", {bubbles: true}));
      said = day + " als Sitzungstermin von " + box.dataset.row + " übernommen.";
    }
    var message = document.getElementById("meldung");
    if (message) { message.textContent = said; }
  });
})();
