// Teenindus's own small behaviours, loaded as a file (the Content-Security-Policy allows no inline script).
document.addEventListener("change", function (event) {
  // The language menu takes effect as soon as a language is chosen.
  if (event.target.matches("select[data-submit-on-change]")) {
    event.target.form.submit();
  }
});
