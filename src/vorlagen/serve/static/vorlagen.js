// After a live check has put its messages in, mark each control whose message box has
// text as invalid (aria-invalid), so that screen readers say so; nothing else changes,
// so keyboard focus stays where it is.
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll(".error[data-field]").forEach(function (box) {
    var control = document.getElementById(box.dataset.field);
    var invalid = box.textContent.trim() !== "";
    if (control && control.matches("input, select, textarea")) {
      control.setAttribute("aria-invalid", invalid ? "true" : "false");
    }
    var wrapper = box.closest(".field");
    if (wrapper) { wrapper.classList.toggle("invalid", invalid); }
  });
});

// A link of the check's list moves the keyboard focus to its control (a group's or list's
// first control), opening a closed part that holds it: the browser alone would only
// scroll there and leave the focus on the page, or on nothing where the part is closed.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("#zusammenfassung a[href^='#']");
  var target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!target) { return; }
  for (var part = target.closest("details"); part;
       part = part.parentElement && part.parentElement.closest("details")) {
    part.open = true;
  }
  var control = target.matches("input, select, textarea, button") ? target
    : target.querySelector("input:not([type='hidden']), select, textarea, button");
  if (!control) { return; }
  event.preventDefault();
  control.focus({preventScroll: true});
  (target.closest(".field") || target).scrollIntoView({block: "center"});
});

// A page drawn after a button far down (an upload, a refused download) says what happened
// at the top (#meldung, announced there); the same words also stand beside the control
// the focus is on, where the user looks. Not announced twice: the copy is hidden from
// screen readers.
function showMessageNearby(text) {
  document.querySelectorAll(".nearby-message").forEach(function (old) { old.remove(); });
  var message = document.getElementById("meldung");
  var focused = document.activeElement;
  if (!message || !text || !focused || focused === document.body) { return; }
  var top = message.getBoundingClientRect();
  var here = focused.getBoundingClientRect();
  if (here.top - top.bottom < window.innerHeight / 2) { return; }  // seen together
  var copy = document.createElement("p");
  copy.className = "nearby-message";
  copy.setAttribute("aria-hidden", "true");
  copy.textContent = text;
  var place = focused.closest(".field, .buttons, fieldset") || focused;
  place.insertAdjacentElement("afterend", copy);
}
window.addEventListener("load", function () {
  var message = document.getElementById("meldung");
  if (message) { showMessageNearby(message.textContent.trim()); }
});
