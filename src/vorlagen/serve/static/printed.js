// A change of the kind of paper (Art) or of the Hausformat redraws the form for it: the
// same as the button "Formular für Art und Hausformat anpassen" does without JavaScript
// (the values stay, the page comes back with the focus on the changed control), so the
// button is hidden here.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("formular");
  var button = form && form.querySelector("button.redraw");
  if (!button) { return; }
  button.hidden = true;
  form.addEventListener("change", function (event) {
    var control = event.target;
    if (control.id !== "f-art" && control.id !== "f-hausformat") { return; }
    button.value = control.id === "f-hausformat" ? "formular:hausformat" : "formular";
    form.requestSubmit(button);
  });
});

// A link of the check's summary to a control kept in a closed part (the values the
// Hausformat does not print, a plugin's block) opens that part first.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[href^='#']");
  var target = link && document.getElementById(link.getAttribute("href").slice(1));
  for (var part = target && target.closest("details"); part;
       part = part.parentElement && part.parentElement.closest("details")) {
    part.open = true;
  }
});
