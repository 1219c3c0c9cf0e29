// The page works without this file: it adds copy buttons for the tables, the free ranges and
// the commands, keeps aria-invalid in step with the messages htmx swaps in, marks a plan (and
// its downloads) out of date while the form is invalid, holds back the messages of a form
// made invalid by a keystroke until typing pauses, walks the subnet picture from the
// keyboard, adds a region input as the last one is filled, and says when the server refused
// a request.
// No inline script or handler anywhere (Content-Security-Policy): everything is bound here.
"use strict";

document.documentElement.classList.add("js");

function copiedText(element) {
  if (element.tagName !== "TABLE") {  // a list: one item a line
    return Array.from(element.children).map((item) => item.textContent.trim()).join("\n");
  }
  return Array.from(element.rows)
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
    const text = table.tagName === "CODE" || table.tagName === "PRE"
      ? table.textContent : copiedText(table);
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed: select the text instead";
  }
  setTimeout(() => { button.textContent = label; }, 2000);
});

// After htmx swaps in new error messages, mark the fields they describe (and unmark the rest).
document.addEventListener("htmx:afterSettle", () => {
  // A message describes a field, or each control of a fieldset (the region inputs, a row, a
  // group, one inside another). A field's own message decides for it; a field without one is
  // invalid when a group around it has a message.
  const own = new Map();
  const grouped = new Map();
  document.querySelectorAll("p.error[id$='-error']").forEach((slot) => {
    const invalid = Boolean(slot.textContent.trim());
    const fieldset = document.querySelector(`fieldset[aria-describedby~="${slot.id}"]`);
    if (fieldset) {
      fieldset.querySelectorAll("select, input, textarea").forEach((field) => {
        grouped.set(field, grouped.get(field) || invalid);
      });
      return;
    }
    const field = document.getElementById(slot.id.replace(/-error$/, ""));
    if (field?.matches("input, select, textarea")) own.set(field, invalid);
  });
  new Set([...own.keys(), ...grouped.keys()]).forEach((field) => {
    if (own.has(field) ? own.get(field) : grouped.get(field)) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  });
  const refused = document.getElementById("request-error");
  if (refused) refused.hidden = true;
  markOutOfDate();
});

// While the form is invalid the server leaves the plan on screen (it swaps only the messages)
// when told that one is shown; #plan-status says whether the plan still matches the form.
document.addEventListener("htmx:configRequest", (event) => {
  if (document.querySelector("#results[data-shown]")) event.detail.headers["Planner-Shown"] = "true";
});
function markOutOfDate() {
  const results = document.getElementById("results");
  const status = document.getElementById("plan-status");
  if (!results || !status) return;
  const stale = status.dataset.state === "stale";
  results.classList.toggle("stale", stale);
  if (stale) results.setAttribute("aria-busy", "true");
  else results.removeAttribute("aria-busy");
  // The sticky summary sits below the status while the status shows.
  status.parentElement.style.setProperty("--status-height", `${stale ? status.offsetHeight : 0}px`);
  // A download or a command of the plan shown is not one of the form as it is now.
  results.querySelectorAll(".downloads a, .api-examples button.copy").forEach((control) => {
    if (control.tagName === "BUTTON") control.disabled = stale;
    else if (stale) control.setAttribute("aria-disabled", "true");
    else control.removeAttribute("aria-disabled");
  });
}
document.addEventListener("click", (event) => {
  if (event.target.closest?.("a[aria-disabled='true']")) event.preventDefault();
});
document.addEventListener("htmx:oobAfterSwap", markOutOfDate);

// The subnet picture is a grid with one tab stop: the arrow keys (Home, End, Page Up and
// Page Down too) move between addresses, and the address focused or tapped is read out below.
const MOVES = {
  ArrowLeft: (at) => at - 1,
  ArrowRight: (at) => at + 1,
  ArrowUp: (at, columns) => at - columns,
  ArrowDown: (at, columns) => at + columns,
  Home: (at, columns) => at - (at % columns),
  End: (at, columns) => at - (at % columns) + columns - 1,
  PageUp: (at, columns) => at % columns,
  PageDown: (at, columns, count) => count - columns + (at % columns),
};
function focusCell(cell) {
  const grid = cell.closest("[role=grid]");
  grid.querySelectorAll("[role=gridcell][tabindex='0']").forEach((other) => { other.tabIndex = -1; });
  cell.tabIndex = 0;
  cell.focus();
}
document.addEventListener("keydown", (event) => {
  const cell = event.target.closest?.("[role=gridcell]");
  const move = MOVES[event.key];
  if (!cell || !move || event.altKey || event.ctrlKey || event.metaKey) return;
  const cells = Array.from(cell.closest("[role=grid]").querySelectorAll("[role=gridcell]"));
  const columns = cell.parentElement.querySelectorAll("[role=gridcell]").length;
  const to = move(cells.indexOf(cell), columns, cells.length);
  event.preventDefault();
  if (to >= 0 && to < cells.length) focusCell(cells[to]);
});
document.addEventListener("click", (event) => {
  const cell = event.target.closest("[role=gridcell]");
  if (cell) focusCell(cell);
});
document.addEventListener("focusin", (event) => {
  const cell = event.target.closest?.("[role=gridcell]");
  const readout = document.getElementById("map-readout");
  if (cell && readout) readout.textContent = cell.getAttribute("aria-label");
});

// htmx swaps 200 answers (an invalid form's too, with its messages); anything else (a 414 for a
// very long address list, a server error, no network) would otherwise leave the old plan on
// screen without a word.
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

// A keystroke that leaves the form invalid (half an address typed; the server says so in
// Planner-Invalid) gets its answer at once, but its messages and the out-of-date mark wait
// until typing pauses: a valid form is planned at every keystroke without the messages
// flashing in between. A change (leaving a field, choosing from a list) and a submit show
// them at once.
const HOLD_MESSAGES_MS = 800;
let heldMessages = null;
document.addEventListener("htmx:beforeSwap", (event) => {
  const { xhr, requestConfig, target, serverResponse } = event.detail;
  const typing = requestConfig?.triggeringEvent?.type === "input";
  if (!typing || !xhr.getResponseHeader("Planner-Invalid")) return;
  event.detail.shouldSwap = false;
  const swapStyle = xhr.getResponseHeader("HX-Reswap") || "outerHTML";
  clearTimeout(heldMessages);
  heldMessages = setTimeout(() => htmx.swap(target, serverResponse, { swapStyle }), HOLD_MESSAGES_MS);
});
document.addEventListener("htmx:beforeRequest", () => clearTimeout(heldMessages));

// Re-plans queue (hx-sync "queue last") rather than abort. An answer to the form's own re-plan
// that arrives while a newer one waits in the queue is not swapped in: the newer answer comes
// next, and the page never shows a plan of an older form than the one sent last (nor replaces
// a button under the pointer twice). htmx keeps the queue in its data on the form.
document.addEventListener("htmx:beforeSwap", (event) => {
  const form = event.detail.requestConfig?.elt;
  if (!(form instanceof HTMLFormElement)) return;
  if (form["htmx-internal-data"]?.queuedRequests?.length) event.detail.shouldSwap = false;
});

// What is pasted in a paste box is read by that box's own button, not planned as a field: its
// input and change events never reach the form's re-plan (which raced with the box's fill and,
// answering last, pushed its own address and an unfilled plan over the filled one).
for (const type of ["input", "change"]) {
  document.addEventListener(type, (event) => {
    if (event.target.closest?.("details.paste")) event.stopPropagation();
  }, true);
}

// Region inputs suggest the regions of the cloud chosen; a list that grows (the estate's
// regions, the regions to add) gains an empty input as its last one is filled, as the page
// without JavaScript shows one after each submit.
document.addEventListener("change", (event) => {
  const cloud = event.target.closest?.("select[name=cloud]");
  cloud?.form?.querySelectorAll("input[list^='regions-']").forEach((input) => {
    input.setAttribute("list", `regions-${cloud.value}`);
  });
});
document.addEventListener("input", (event) => {
  const input = event.target.closest?.(".pickers[data-grow] input");
  const pickers = input?.closest(".pickers");
  const inputs = pickers?.querySelectorAll("input") ?? [];
  if (!input || !input.value.trim() || input !== inputs[inputs.length - 1]) return;
  if (inputs.length >= (input.list?.options.length ?? 0)) return;  // every region named
  const next = input.closest(".picker").cloneNode(true);
  const field = next.querySelector("input");
  const label = next.querySelector("label");
  field.id = field.id.replace(/_\d+$/, `_${inputs.length + 1}`);
  field.value = "";
  field.removeAttribute("aria-invalid");
  label.htmlFor = field.id;
  label.textContent = pickers.dataset.grow.replace("{n}", inputs.length + 1);
  input.closest(".picker").after(next);
});

// A link of the error summary puts the cursor in its field, not only the field in view.
document.addEventListener("click", (event) => {
  const link = event.target.closest("#error-summary a[href^='#']");
  const field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!field) return;
  event.preventDefault();
  field.focus();
  field.scrollIntoView({ block: "center" });
});

// A what-if (or the curl commands) left open stays open when the plan is redrawn.
let openWhatIfs = [];
document.addEventListener("htmx:beforeSwap", () => {
  const open = "#results details.what-if[open], #results details.api-examples[open]";
  openWhatIfs = Array.from(document.querySelectorAll(open), (details) => details.id);
});
document.addEventListener("htmx:afterSettle", () => {
  openWhatIfs.forEach((id) => document.getElementById(id)?.setAttribute("open", ""));
});

// An out-of-band part that comes back unchanged is left in place: replacing it would, for
// instance, swap the error summary's link away between the press and the release of a click
// (the click blurs the field, whose change re-validates the form).
document.addEventListener("htmx:oobBeforeSwap", (event) => {
  const incoming = event.detail.fragment.firstElementChild;
  if (incoming && incoming.isEqualNode(event.detail.target)) event.detail.shouldSwap = false;
});

// The server names an element to focus that lies outside what htmx swapped (the estate's Add
// button, once the last row is removed): focus stays in the form, not at the top of the page.
document.addEventListener("planner:focus", (event) => {
  document.getElementById(event.detail.id)?.focus();
});
