// Folded optional fields ("Weitere Angaben zur Vorlage"): once the live check puts a
// message at one of them, its group opens, so that the message is seen. Without
// JavaScript the page drawn after a button opens such a group itself.
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll("details.folded:not([open])").forEach(function (group) {
    var boxes = group.querySelectorAll(".error[data-field]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].textContent.trim() !== "") { group.open = true; return; }
    }
  });
});
