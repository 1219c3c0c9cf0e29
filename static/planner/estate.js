// The estate page works without this file. It keeps aria-invalid in step with the error
// messages htmx swaps in, and says when the server refused a re-plan. Bound here, never
// inline (Content-Security-Policy).
"use strict";

document.addEventListener("htmx:afterSettle", () => {
  const form = document.getElementById("estate-form");
  if (!form) return;
  form.querySelectorAll("p.error[id$='-error']").forEach((slot) => {
    const field = document.getElementById(slot.id.replace(/-error$/, ""));
    if (!field || !field.matches("input, select, textarea")) return;
    if (slot.textContent.trim()) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  });
  const refused = document.getElementById("request-error");
  if (refused) refused.hidden = true;
});

function sayRefused(message) {
  const refused = document.getElementById("request-error");
  if (!refused) return;
  refused.textContent = message;
  refused.hidden = false;
}
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  sayRefused(`The server could not answer (HTTP ${status}); the answer shown is from before.`);
});
document.addEventListener("htmx:sendError", () => {
  sayRefused("The server could not be reached; the answer shown is from before.");
});
