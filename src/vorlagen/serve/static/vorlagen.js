// After a live check has put its messages in, mark each control whose message box has
// text as invalid (aria-invalid), so that screen readers say so; nothing else changes,
// so keyboard focus stays where it is.
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll(".fehler[data-feld]").forEach(function (box) {
    var control = document.getElementById(box.dataset.feld);
    var invalid = box.textContent.trim() !== "";
    if (control && control.matches("input, select, textarea")) {
      control.setAttribute("aria-invalid", invalid ? "true" : "false");
    }
    var wrapper = box.closest(".feld");
    if (wrapper) { wrapper.classList.toggle("ungueltig", invalid); }
  });
});
