// The page works without this file: it adds copy buttons for the two tables and keeps
// aria-invalid in step with the messages htmx swaps in.
// No inline script or handler anywhere (Content-Security-Policy): everything is bound here.
"use strict";

document.documentElement.classList.add("js");

function tableText(table) {
  return Array.from(table.rows)
    .map((row) => Array.from(row.cells).map((cell) => cell.textContent.trim()).join("\t"))
    .join("\n");
}

// One listener for every copy button, including those that htmx swaps in later.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const table = document.getElementById(button.dataset.copy);
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(tableText(table));
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed: select the table instead";
  }
  setTimeout(() => { button.textContent = label; }, 2000);
});

// After htmx swaps in new error messages, mark the fields they describe (and unmark the rest).
document.addEventListener("htmx:afterSettle", () => {
  document.querySelectorAll("p.error[id$='-error']").forEach((slot) => {
    const field = document.getElementById(slot.id.replace(/-error$/, ""));
    if (!field) return;
    if (slot.textContent.trim()) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  });
});
