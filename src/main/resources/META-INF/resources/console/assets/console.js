// Aval console: small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A form answered with errors: the caret goes to the first field to fix (its label and message are
  // read with it), else to the summary, so neither the keyboard nor a screen reader starts at the top.
  // Pages of many forms (an account) have no summary: their refused form is open, its field marked.
  const invalid = document.querySelector("form [aria-invalid=true]");
  const summary = document.getElementById("error-summary");
  if (invalid || summary) {
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
  // A form is sent once: a second click (or Enter) while the answer is on its way would send it again.
  // Listened to on the document, so that every check of the form itself (confirmation, file size)
  // has run and may have stopped the sending first.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.sent === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "true";
    form.setAttribute("aria-busy", "true");
  });
  // Back to this page from the browser's history: its forms may be sent again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      document.querySelectorAll("form[data-sent]").forEach((form) => {
        delete form.dataset.sent;
        form.removeAttribute("aria-busy");
      });
    }
  });
});
