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
