// The page works without this file: it adds copy buttons for the two tables, keeps
// aria-invalid in step with the messages htmx swaps in, and says when the server refused a request.
// No inline script or handler anywhere (Content-Security-Policy): everything is bound here.
"use strict";

document.documentElement.classList.add("js");

function tableText(table) {
  return Array.from(table.rows)
    .map((row) => Array.from(row.cells).map((cell) => cell.textContent.trim()).join("\t"))
    .join("\n");
}

// One listener for every copy button (a table's, or a command's <code>), including those that
// htmx swaps in later.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const table = document.getElementById(button.dataset.copy);
  button.dataset.label ??= button.textContent; // a second click must not keep "Copied"
  const label = button.dataset.label;
  try {
    await navigator.clipboard.writeText(table.rows ? tableText(table) : table.textContent);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed: select the table instead";
  }
  setTimeout(() => { button.textContent = label; }, 2000);
});

// After htmx swaps in new error messages, mark the fields they describe (and unmark the rest).
document.addEventListener("htmx:afterSettle", () => {
  document.querySelectorAll("p.error[id$='-error']").forEach((slot) => {
    const invalid = Boolean(slot.textContent.trim());
    // the controls the message describes: a field, or each region picker of the fieldset
    const fieldset = document.querySelector(`fieldset[aria-describedby~="${slot.id}"]`);
    const fields = fieldset
      ? fieldset.querySelectorAll("select, input")
      : [document.getElementById(slot.id.replace(/-error$/, ""))].filter(Boolean);
    fields.forEach((field) => {
      if (invalid) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    });
  });
  const refused = document.getElementById("request-error");
  if (refused) refused.hidden = true;
});

// htmx swaps 200 and 422 answers; anything else (a 414 for a very long address list, a server
// error, no network) would otherwise leave the old plan on screen without a word.
function sayRefused(message) {
  const refused = document.getElementById("request-error");
  if (!refused) return;
  refused.textContent = message;
  refused.hidden = false;
}
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  sayRefused(status === 414
    ? "The form is too long to send as a link (HTTP 414): shorten the in-use list, or POST it to /api/v1/plan."
    : `The server could not answer this plan (HTTP ${status}); the figures shown are from before.`);
});
document.addEventListener("htmx:sendError", () => {
  sayRefused("The server could not be reached; the figures shown are from before.");
});
