"""`python -m tests.bench.typing`: from a keystroke to the re-planned page, in Chromium.

Opens a plan's page served as `make serve` serves it (nginx in front of gunicorn, production
settings) and types into its in-use field one keystroke at a time, each after a pause:
Backspace turns 10.20.1.10 into 10.20.1.1
and "0" turns it back, so that every keystroke gives a valid form and a different plan. Each
is timed from the keydown event's time stamp to the frame painted after htmx swapped in the
new plan (the new `#results` element in the document, then the next animation frame and
task). A burst of keystrokes closer together than the page's pause is then typed, and the
requests it sent are counted: one per pause in typing, the one in flight cancelled.

Debian's Chromium, never a downloaded browser, as the browser tests run it.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass

from playwright.sync_api import Page, Request, sync_playwright

from tests.bench.figures import Figure
from tests.bench.server import collectstatic, proxied
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

KEYSTROKES = 40  # timed, per subnet
PAUSE_MS = 400  # between timed keystrokes: each one is a pause in typing
BURST = "10.20.1.10"  # typed into an emptied field...
BURST_KEY_MS = 40  # ...one key every 40 ms (a fast typist's pace is 60 to 150 ms)

# Marks in the page: when a key went down, and when the frame after the new plan was painted.
MARKS = """
window.keyDownAt = 0;
window.paintedAt = 0;
document.addEventListener("keydown", (event) => { window.keyDownAt = event.timeStamp; }, true);
new MutationObserver((mutations) => {
  const swapped = mutations.some((mutation) =>
    Array.from(mutation.addedNodes).some((node) => node.id === "results"));
  if (!swapped) return;
  requestAnimationFrame(() => {
    const channel = new MessageChannel();  // runs after the frame is painted
    channel.port1.onmessage = () => { window.paintedAt = performance.now(); };
    channel.port2.postMessage(null);
  });
}).observe(document, { childList: true, subtree: true });
"""


@dataclass(frozen=True)
class Typing:
    subnet: str
    median_ms: float
    p90_ms: float
    requests_per_keystroke: float  # each after a pause
    burst_requests: int  # for BURST typed at BURST_KEY_MS


def plan_url(base: str, subnet: str, in_use: str) -> str:
    return (
        f"{base}/?registry=contoso&regions=eastus,westus,westeurope&regional_endpoints=true"
        f"&subnet={subnet}&in_use={in_use}"
    )


def planned(page: Page, seconds: float = 10) -> None:
    """Polled from here: the page's Content-Security-Policy refuses wait_for_function's eval."""
    deadline = time.monotonic() + seconds
    while not page.evaluate("window.paintedAt > window.keyDownAt"):
        if time.monotonic() > deadline:
            raise TimeoutError("no new plan within 10 s of the keystroke")
        page.wait_for_timeout(5)


def measure(page: Page, base: str, subnet: str, in_use: str) -> Typing:
    sent: list[str] = []

    def count(request: Request) -> None:
        if request.headers.get("hx-request"):
            sent.append(request.url)

    page.on("request", count)
    page.goto(plan_url(base, subnet, in_use))
    field = page.locator("#id_in_use")
    field.focus()
    field.press("End")
    times = []
    for keystroke in range(KEYSTROKES + 3):  # three to warm up
        page.evaluate("window.paintedAt = 0")
        field.press("Backspace" if keystroke % 2 == 0 else "0")
        planned(page)
        elapsed = page.evaluate("window.paintedAt - window.keyDownAt")
        if keystroke >= 3:
            times.append(elapsed)
        page.wait_for_timeout(PAUSE_MS)
    keystrokes_sent = len(sent)
    field.fill("")
    page.wait_for_timeout(PAUSE_MS * 2)
    sent.clear()
    field.press_sequentially(BURST, delay=BURST_KEY_MS)
    page.wait_for_timeout(PAUSE_MS * 3)
    page.remove_listener("request", count)
    deciles = statistics.quantiles(times, n=10)
    return Typing(
        subnet,
        statistics.median(times),
        deciles[8],
        keystrokes_sent / (KEYSTROKES + 3),
        len(sent),
    )


def typing_figures(base: str) -> list[Typing]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(MARKS)
        page = context.new_page()
        try:
            return [
                measure(page, base, "10.20.1.0/27", "10.20.1.10"),
                measure(page, base, "10.20.0.0/20", "10.20.0.10"),
            ]
        finally:
            browser.close()


LIMITS_MS = {"10.20.1.0/27": 150, "10.20.0.0/20": 250}  # keystroke to re-planned page


def figures(workers: int = 2) -> list[Figure]:
    """`make bench`'s figures 10a and 10b: the median against its limit, and one request per
    pause in typing (each timed keystroke, and the whole burst)."""
    with proxied(workers=workers) as server:  # make serve's stack: nginx, then gunicorn
        measured = typing_figures(server.url)
    return [
        Figure(
            f"10{letter}. keystroke to re-planned page in Chromium, {typing.subnet} (ms)",
            f"median {typing.median_ms:.0f} ms, p90 {typing.p90_ms:.0f} ms; requests: "
            f"{typing.requests_per_keystroke:.0f} a keystroke, {typing.burst_requests} for "
            f"{len(BURST)} keys {BURST_KEY_MS} ms apart",
            typing.median_ms,
            f"<= {LIMITS_MS[typing.subnet]}, 1 request a pause",
            typing.median_ms <= LIMITS_MS[typing.subnet]
            and typing.requests_per_keystroke == 1
            and typing.burst_requests == 1,
        )
        for letter, typing in zip("ab", measured, strict=True)
    ]


def main() -> None:
    collectstatic()
    for figure in figures():
        print(f"{figure.name}: {figure.measured} ({'PASS' if figure.passed else 'FAIL'})")


if __name__ == "__main__":
    sys.exit(main())
