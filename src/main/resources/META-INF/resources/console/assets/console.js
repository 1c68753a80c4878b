// Aval console: small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A form answered with errors: the caret goes to the first field to fix (its label and message are
  // read with it), else to the summary, so neither the keyboard nor a screen reader starts at the top.
  const summary = document.getElementById("error-summary");
  if (summary) {
    const invalid = document.querySelector("form [aria-invalid=true]");
    (invalid || summary).focus();
  }
  // Confirmation for destructive actions: <form data-confirm="text">
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
});
