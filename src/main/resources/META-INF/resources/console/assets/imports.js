// Aval console, imports: the drop zone of IMPORTAR (drag and drop, the chosen file's name and size)
// and the job's live progress. Both pages work without this file (the form posts, the job page
// shows its numbers and a "Recarregar" link).
"use strict";
(() => {
  const NUMBER = new Intl.NumberFormat("pt-BR");
  const POLL_MS = 700;

  function size(bytes) {
    const units = ["B", "KB", "MB", "GB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return new Intl.NumberFormat("pt-BR", { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value) + " " + units[unit];
  }

  function dropzone() {
    const zone = document.querySelector(".dropzone");
    const input = zone && zone.querySelector("input[type=file]");
    const chosen = document.getElementById("file-chosen");
    if (!input || !chosen) {
      return;
    }
    const form = input.form;
    const max = Number(form.dataset.maxBytes || 0);
    const tooBig = (file) => max > 0 && file.size > max;
    const notCsv = (file) => !/\.csv$/i.test(file.name);
    let note = "";
    const show = () => {
      const file = input.files && input.files[0];
      if (!file) {
        chosen.textContent = "";
        chosen.classList.remove("over");
        zone.classList.remove("invalid");
        input.removeAttribute("aria-invalid");
        return;
      }
      const problem = tooBig(file) ? chosen.dataset.over : notCsv(file) ? chosen.dataset.notCsv : "";
      chosen.textContent = file.name + " · " + size(file.size) + (problem ? " — " + problem : note ? " — " + note : "");
      chosen.classList.toggle("over", !!problem);
      zone.classList.toggle("invalid", !!problem);
      if (problem) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    };
    input.addEventListener("change", () => {
      note = "";
      show();
    });
    ["dragenter", "dragover"].forEach((type) => zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("over");
    }));
    ["dragleave", "dragend"].forEach((type) => zone.addEventListener(type, () => zone.classList.remove("over")));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      const files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) {
        const one = new DataTransfer();
        one.items.add(files[0]);
        input.files = one.files;
        // the drop skips the chooser's .csv filter, and a form sends one file
        note = files.length > 1 ? chosen.dataset.oneOnly : "";
        show();
      }
    });
    // a file dropped next to the zone would make the browser leave the page to open it
    ["dragover", "drop"].forEach((type) => window.addEventListener(type, (event) => {
      if (!zone.contains(event.target)) {
        event.preventDefault();
      }
    }));
    form.addEventListener("submit", (event) => {
      const file = input.files && input.files[0];
      if (file && (tooBig(file) || notCsv(file))) {
        event.preventDefault();
        show();
        input.focus();
      }
    });
    show();
  }

  function progress() {
    const job = document.querySelector("[data-progress-url]");
    if (!job) {
      return;
    }
    const bar = job.querySelector(".progress");
    const fill = bar.querySelector("span");
    const set = (percent) => {
      const value = Math.max(0, Math.min(100, Number(percent) || 0));
      fill.style.width = value + "%";
      bar.setAttribute("aria-valuenow", String(value));
    };
    set(bar.dataset.percent);
    if (job.dataset.finished === "true") {
      return;
    }
    const text = document.getElementById("progress-text");
    const badge = document.getElementById("job-status");
    const stopped = document.getElementById("live-stopped");
    let failures = 0;
    const poll = () => {
      fetch(job.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then((response) => {
          const type = response.headers.get("Content-Type") || "";
          if (!response.ok || !type.includes("json")) {
            throw new Error("progress: " + response.status);
          }
          return response.json();
        })
        .then((p) => {
          failures = 0;
          if (stopped) {
            stopped.textContent = "";
          }
          set(p.percent);
          bar.setAttribute("aria-valuetext", p.text);
          text.textContent = p.text;
          job.querySelectorAll("[data-count]").forEach((el) => {
            const value = p[el.dataset.count];
            el.textContent = value === null || value === undefined ? "—" : NUMBER.format(value);
          });
          // the status is the live region (role=status): told when it changes, not at every poll;
          // the counts change too often to be read aloud
          if (badge.textContent !== p.statusLabel) {
            badge.textContent = p.statusLabel;
            badge.className = "badge badge-" + p.status;
          }
          if (p.finished) {
            bar.classList.toggle("done", p.status === "COMPLETED");
            // once, to show the failed rows and the download
            window.location.reload();
            return;
          }
          window.setTimeout(poll, POLL_MS);
        })
        .catch(() => {
          // a blip (a database restart, a deploy): said after a few misses, and tried again more
          // slowly, up to every 30 s, for as long as the page is open; the "Recarregar" link stays
          failures++;
          if (stopped && failures >= 3) {
            stopped.textContent = stopped.dataset.text;
          }
          window.setTimeout(poll, Math.min(30000, POLL_MS * 2 ** failures));
        });
    };
    window.setTimeout(poll, POLL_MS);
  }

  function start() {
    dropzone();
    progress();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
