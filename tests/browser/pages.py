"""What the browser tests of the three pages share: filling them, axe, and measuring lines.

The pasted JSON is the day-two fixtures' (tests/fixtures/day_two, each with its public source
in the README there).
"""

from __future__ import annotations

import json
import re
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Locator, Page

from tests.day_two import fixture

AXE = Axe()
# Every rule axe runs by default, and the target size of WCAG 2.2 (2.5.8), which it does not.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
PLAN = (
    "/?registry=contoso&regions=eastus,westus,westeurope&regional_endpoints=true"
    "&subnet=10.20.1.0/27&in_use=10.20.1.4-10.20.1.9,10.20.1.12"
)
WIDTHS = [1280, 390]
HEIGHTS = {1280: 900, 390: 844}


def violations(page: Page) -> list[str]:
    """axe's findings on the page as it is. axe runs as a script: a page without JavaScript is
    copied, its scripts left out, into a page that runs it (the same width and theme)."""
    if not page.evaluate("document.documentElement.classList.contains('js')"):
        return copied_violations(page)
    return axe_findings(page)


def axe_findings(page: Page) -> list[str]:
    results = AXE.run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']}: {node['target']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)


def copied_violations(page: Page) -> list[str]:
    assert page.context.browser is not None
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    context = page.context.browser.new_context(
        viewport=page.viewport_size, color_scheme="dark" if dark else "light"
    )
    copy = context.new_page()
    html = SCRIPT.sub("", page.content()).replace("<head>", f'<head><base href="{page.url}">', 1)
    copy.set_content(html, wait_until="load")
    try:
        return axe_findings(copy)
    finally:
        context.close()


def opened(browser: Browser, width: int, javascript: bool = True, **more: Any) -> BrowserContext:
    return browser.new_context(
        viewport={"width": width, "height": HEIGHTS.get(width, 900)},
        java_script_enabled=javascript,
        **more,
    )


def endpoint(page: Page, number: int) -> Locator:
    return page.get_by_role("group", name=f"Endpoint {number}", exact=True)


def plan_estate(page: Page, javascript: bool) -> None:
    """Plans what the estate form holds: htmx has as it was typed; without it, a submit."""
    if not javascript:
        page.get_by_role("button", name="Plan the estate").click()


def fill_estate(page: Page, rows: list[tuple[str, str, str]], javascript: bool = True) -> None:
    """contoso in eastus and westus, then one endpoint row per (name, subnet, zone scope)."""
    page.get_by_label("Registry name").fill("contoso")
    page.get_by_label("Home region").fill("eastus, westus")
    for number, (name, subnet, scope) in enumerate(rows, start=1):
        if number > 1:
            page.get_by_role("button", name="Add an endpoint").click()
        row = endpoint(page, number)
        row.get_by_label("Name").fill(name)
        row.get_by_label("Subnet").fill(subnet)
        row.get_by_label("Zone scope").fill(scope)
    plan_estate(page, javascript)


def paste_change(page: Page, regions: list[str], records: list[Any] | None = None) -> None:
    """The day-two form: contoso with `regions`, its hub endpoint, the graph and the zone."""
    page.get_by_label("Registry name").fill("contoso")
    page.get_by_label("Home region").fill(", ".join(regions))  # a list in one input is read
    page.get_by_label("Deployed: JSON of").fill(json.dumps(fixture("pe-static.json")))
    page.get_by_label("Graph: JSON of").fill(json.dumps(fixture("graph.json")))
    shown = fixture("records.json") if records is None else records
    page.get_by_label("Records: JSON of").fill(json.dumps(shown))


def scrolls_sideways(page: Page) -> bool:
    return bool(
        page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    )


def in_view(locator: Locator) -> bool:
    """The element is on screen whole (its box within the window)."""
    return bool(
        locator.evaluate(
            """(element) => {
              const box = element.getBoundingClientRect();
              return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
            }"""
        )
    )


# Every line break in the text under `root` (outside <pre>, whose commands wrap in their box):
# where it falls inside an IPv4 address, or between two letters or digits of a word. A word
# marked .long-word (a 50-letter registry name) may break inside, and so may a word wider
# than its whole line; nothing else may.
BROKEN_WORDS = """(root) => {
  const blocks = new Map();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.data.trim() || element.closest("pre, datalist, option, select, textarea")) continue;
    if (!element.getClientRects().length) continue;
    let block = element;
    while (getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    if (!blocks.has(block)) blocks.set(block, []);
    blocks.get(block).push(node);
  }
  const range = document.createRange();
  const problems = [];
  const space = /\\s/;
  const word = /[A-Za-z0-9]/;
  for (const [block, nodes] of blocks) {
    const chars = [];
    for (const node of nodes) {
      const long = Boolean(node.parentElement.closest(".long-word"));
      for (let at = 0; at < node.length; at += 1) {
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const box = range.getClientRects()[0];
        if (box) chars.push({ ch: node.data[at], top: box.top, bottom: box.bottom, box, long });
      }
    }
    const text = chars.map((c) => c.ch).join("");
    const width = block.clientWidth;
    for (let k = 1; k < chars.length; k += 1) {
      const [a, b] = [chars[k - 1], chars[k]];
      if (b.top < a.bottom - 1 || space.test(a.ch) || space.test(b.ch)) continue;
      let start = k - 1;
      while (start > 0 && !space.test(chars[start - 1].ch)) start -= 1;
      let end = k;
      while (end < chars.length - 1 && !space.test(chars[end + 1].ch)) end += 1;
      const token = text.slice(start, end + 1);
      const before = text.slice(Math.max(start, k - 24), k);
      const shown = `${before}|${text.slice(k, Math.min(end + 1, k + 24))}`;
      const at = k - start;
      const inAddress = Array.from(token.matchAll(/\\d{1,3}(?:\\.\\d{1,3}){3}/g))
        .some((found) => found.index < at && at < found.index + found[0].length);
      const tokenWidth = chars.slice(start, end + 1).reduce((sum, c) => sum + c.box.width, 0);
      if (inAddress) problems.push(`address broken: ${shown}`);
      else if (word.test(a.ch) && word.test(b.ch) && !(a.long && b.long) && tokenWidth <= width)
        problems.push(`word broken: ${shown}`);
    }
  }
  return problems;
}"""


def broken_words(page: Page, selector: str) -> list[str]:
    return list(page.locator(selector).evaluate(BROKEN_WORDS))
