"""The pages for the job at hand, measured at 1280x800 and 390x844: the inputs first, the files
next to the verdict, a small pinned summary, one header and one layout on the three pages,
sample data on each, files on /change, and a console left clean by typing key by key."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, expect

from tests.browser.pages import PLAN, violations

pytestmark = pytest.mark.browser

SIZES = {"1280-800": (1280, 800), "390-844": (390, 844)}
SAMPLES = Path(__file__).resolve().parents[2] / "planner" / "samples"


@pytest.fixture
def base(live_server: Any) -> str:
    return str(live_server.url)


def window(browser: Browser, size: str) -> BrowserContext:
    width, height = SIZES[size]
    return browser.new_context(viewport={"width": width, "height": height})


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, locator
    return {**found, "bottom": found["y"] + found["height"], "right": found["x"] + found["width"]}


def test_every_required_input_of_the_empty_plan_page_is_above_the_fold(
    browser: Browser, base: str
) -> None:
    context = window(browser, "1280-800")
    page = context.new_page()
    page.goto(base + "/")
    for field in (
        page.get_by_label("Registry name"),
        page.get_by_label("Replicas", exact=True),
        page.get_by_label("Home region"),
        page.get_by_label("Subnet", exact=True),
    ):
        assert box(field)["bottom"] <= 800, field
    for help_line in page.locator(".plan-form p.help").all():
        if help_line.is_visible():  # one line, or two in the narrow pair of fields
            assert box(help_line)["height"] <= 2 * 21, help_line.text_content()
    context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_downloads_follow_the_verdict_and_figures(
    browser: Browser, base: str, size: str
) -> None:
    context = window(browser, size)
    page = context.new_page()
    page.goto(base + PLAN)
    figures, downloads = box(page.locator("#results .figures")), box(page.locator(".downloads"))
    assert 0 <= downloads["y"] - figures["bottom"] <= 60  # only the heading between them
    assert downloads["bottom"] < box(page.locator(".subnet-map"))["y"]
    if size == "1280-800":
        assert downloads["y"] < 800  # in the first window beside the form
    context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_change_and_drift_files_follow_their_verdict(
    browser: Browser, base: str, size: str
) -> None:
    context = window(browser, size)
    page = context.new_page()
    page.goto(base + "/change?sample")
    answers = (("Plan the change", "Download the runbook"), ("Check drift", "Download every fix"))
    for button, link in answers:
        page.get_by_role("button", name=button).click()
        verdict = page.locator("#day-two-results .verdict").first
        expect(verdict).to_be_visible()
        download = page.get_by_role("link", name=link).first
        page.evaluate("window.scrollTo(0, 0)")  # the verdict is pinned once scrolled past
        assert 0 <= box(download)["y"] - box(verdict)["bottom"] <= 60
    context.close()


@pytest.mark.parametrize("path", [PLAN, "/estate?sample", "/change?sample"])
def test_what_stays_pinned_while_scrolling_is_one_short_line(
    browser: Browser, base: str, path: str
) -> None:
    context = window(browser, "1280-800")
    page = context.new_page()
    page.goto(base + path)
    if "change" in path:
        page.get_by_role("button", name="Plan the change").click()
        expect(page.locator("#day-two-results")).to_contain_text("Runbook")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    pinned = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(element => {
          const style = getComputedStyle(element), box = element.getBoundingClientRect();
          return ['sticky', 'fixed'].includes(style.position) && box.height > 0
            && box.top < 2 && box.bottom > 0;  // stuck at the top of the window
        }).map(element => element.getBoundingClientRect().height)"""
    )
    assert sum(pinned) <= 120, pinned
    context.close()


def test_the_static_ip_caution_is_one_sentence_and_the_rest_on_demand(
    browser: Browser, base: str
) -> None:
    context = window(browser, "1280-800")
    page = context.new_page()
    page.goto(base + PLAN)
    caution = page.locator(".warnings li").filter(has_text="Static IPs")
    assert box(caution)["height"] <= 80  # a sentence of two lines, and the link to the rest
    more = caution.locator("details")
    expect(more).not_to_have_attribute("open", "")
    more.locator("summary").click()
    expect(more).to_contain_text("Microsoft's remedies: use dynamic allocation")
    context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(
    ("path", "current", "form", "results"),
    [
        ("/", "Plan", ".plan-form", "#results"),
        ("/estate", "Estate", ".estate-form", "#results"),
        ("/change", "Change", ".day-two-form", "#day-two-results"),
    ],
)
def test_one_header_and_one_layout_on_every_page(
    browser: Browser, base: str, size: str, path: str, current: str, form: str, results: str
) -> None:
    context = window(browser, size)
    page = context.new_page()
    page.goto(base + path)
    nav = page.get_by_role("navigation", name="Pages")
    for name in ("Plan", "Estate", "Change", "API"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(nav.locator("[aria-current=page]")).to_have_text(current)
    assert box(page.locator("header.site"))["height"] <= (60 if size == "1280-800" else 100)
    form_box, results_box = box(page.locator(form)), box(page.locator(results))
    if size == "1280-800":  # the form left, the results right, side by side
        assert form_box["right"] <= results_box["x"]
        assert abs(form_box["y"] - results_box["y"]) <= 40
    else:  # one column: the results after the form
        assert results_box["y"] >= form_box["bottom"]
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize(
    ("path", "says"),
    [("/", "Fits:"), ("/estate", "Filled with the sample estate"), ("/change", "a sample")],
)
def test_each_page_tries_sample_data_in_one_click(
    browser: Browser, base: str, path: str, says: str
) -> None:
    context = window(browser, "390-844")
    page = context.new_page()
    page.goto(base + path)
    page.get_by_role("link", name="Try it with sample data").click()
    expect(page.locator("main")).to_contain_text(says)
    if path == "/change":
        page.get_by_role("button", name="Check drift").click()
        expect(page.locator("#day-two-results")).to_contain_text("Drift")
    assert violations(page) == []
    context.close()


def test_the_change_page_reads_collects_document_as_a_file(browser: Browser, base: str) -> None:
    context = window(browser, "1280-800")
    page = context.new_page()
    page.goto(base + "/change")
    estate = json.loads((SAMPLES / "estate.json").read_text())
    page.get_by_label("Files").set_input_files(
        [
            {
                "name": "contoso-day-two.json",
                "mimeType": "application/json",
                "buffer": (SAMPLES / "change.json").read_bytes(),
            },
            {
                "name": "estate.json",
                "mimeType": "application/json",
                "buffer": json.dumps({**estate, "regions": ["eastus", "northeurope"]}).encode(),
            },
        ]
    )
    page.get_by_role("button", name="Plan the change").click()
    read = page.locator("#files-read")
    expect(read).to_contain_text("contoso-day-two.json: the day-two document of contoso")
    expect(read).to_contain_text("estate.json: an estate document of contoso")
    expect(page.locator("#day-two-results")).to_contain_text("Runbook")
    assert violations(page) == []
    context.close()


def typed_cleanly(page: Page, field: Locator, text: str) -> list[str]:
    """Types `text` key by key as a person does; what the console and htmx said went wrong."""
    problems: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{message.type}: {message.text}")

    page.on("console", record)
    page.evaluate(
        """() => { window.aborted = 0;
          document.addEventListener('htmx:sendAbort', () => window.aborted++); }"""
    )
    field.press_sequentially(text, delay=15)
    page.wait_for_timeout(1_000)  # every answer in
    if aborted := page.evaluate("window.aborted"):
        problems.append(f"{aborted} request(s) aborted")
    return problems


@pytest.mark.parametrize("size", list(SIZES))
def test_typing_key_by_key_leaves_the_console_clean(browser: Browser, base: str, size: str) -> None:
    context = window(browser, size)
    page = context.new_page()
    page.goto(base + "/?registry=contoso&regions=eastus,westus")
    assert typed_cleanly(page, page.get_by_label("Subnet", exact=True), "10.20.1.0/27") == []
    expect(page.locator("#results .verdict")).to_contain_text("Fits:")
    in_use = page.get_by_label("Addresses already in use")
    assert typed_cleanly(page, in_use, "10.20.1.4-10.20.1.30") == []  # too many: invalid, then not
    expect(page.locator("#results .verdict")).to_contain_text("Does not fit")
    page.goto(base + "/estate?sample")
    subnet = page.get_by_role("group", name="Endpoint 1", exact=True).get_by_label("Subnet")
    subnet.fill("")
    assert typed_cleanly(page, subnet, "10.0.1.0/26") == []
    expect(page.locator("#results")).to_contain_text("Estate of contoso")
    context.close()


SLOW_FIRST_ANSWER = """
const open = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url, ...rest) {
  this.plannerUrl = String(url);
  return open.call(this, method, url, ...rest);
};
// htmx sets xhr.onload: the answer for 10.0.1.0/28 is handled 800 ms late, as from a slow link.
Object.defineProperty(XMLHttpRequest.prototype, "onload", {
  configurable: true,
  set(handler) {
    const late = this.plannerUrl?.includes("10.0.1.0%2F28") ? 800 : 0;
    this.addEventListener("load", () => setTimeout(() => handler.call(this), late));
  },
});
window.shown = [];
new MutationObserver(() => {
  const heading = document.getElementById("map-heading")?.textContent;
  if (heading && heading !== window.shown.at(-1)) window.shown.push(heading);
}).observe(document, { childList: true, subtree: true });
"""


def test_an_answer_overtaken_by_a_queued_one_is_never_shown(browser: Browser, base: str) -> None:
    """A changed mind while the server is slow: the first subnet's answer arrives after the
    second was typed, and the page goes straight to the second's plan."""
    context = window(browser, "1280-800")
    page = context.new_page()
    page.add_init_script(SLOW_FIRST_ANSWER)
    page.goto(base + "/?registry=contoso&regions=eastus")
    subnet = page.get_by_label("Subnet", exact=True)
    subnet.fill("10.0.1.0/28")
    page.wait_for_timeout(200)  # sent, its answer on the way
    subnet.fill("10.0.2.0/28")  # queued behind it
    expect(page.locator("#map-heading")).to_have_text("Subnet 10.0.2.0/28")
    page.wait_for_timeout(1_000)
    assert page.evaluate("window.shown") == ["Subnet 10.0.2.0/28"]
    expect(page).to_have_url(re.compile(r"subnet=10\.0\.2\.0/28$"))
    context.close()


def test_help_on_demand_and_files_from_the_keyboard(browser: Browser, base: str) -> None:
    """The keyboard alone opens a field's More (Enter on its summary, named for the field) and
    reaches /change's file chooser (Space on the Files input)."""
    context = window(browser, "390-844")
    page = context.new_page()
    page.goto(base + "/")
    more = page.get_by_text("More on Regions", exact=False)
    page.get_by_label("Replicas", exact=True).focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.includes('on Regions')"):
            break
    page.keyboard.press("Enter")
    expect(page.locator("details.more-help", has=more)).to_have_attribute("open", "")
    expect(page.get_by_text("A further box appears as the last is filled")).to_be_visible()
    page.goto(base + "/change")
    page.get_by_role("link", name="Try it with sample data").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_files"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    assert chooser.value.is_multiple()
    context.close()
