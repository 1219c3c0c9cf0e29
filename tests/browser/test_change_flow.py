"""/change asks for what it was given, in Debian's Chromium at desktop and phone width, with
and without JavaScript: the registry from the pasted endpoint, a runbook with the resource
groups and ids the JSON held, verify.sh to download, and one form for the change and the
drift check with regions and replications both given. axe finds nothing in each state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.axe_markup import axe_findings
from tests.day_two import fixture

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_change_page_asks_only_for_what_it_was_not_given(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(live_server.url + "/change")
    page.locator('input[name="regions"]').first.fill("eastus, westeurope, northeurope")
    page.locator("#id_deployed").fill(json.dumps(fixture("pe-static.json")))
    page.locator("#id_graph").fill(json.dumps(fixture("graph.json")))
    page.locator("#id_records").fill(json.dumps(fixture("records.json")))
    page.get_by_role("button", name="Plan the change").click()  # no registry typed

    results = page.locator("#day-two-results")
    expect(results).to_contain_text("Registry contoso: from the endpoint's connection")
    runbook = results  # every runbook step has its own box
    expect(runbook).to_contain_text("--resource-group=rg-network")
    expect(runbook).to_contain_text("--subnet /subscriptions/")
    expect(runbook).not_to_contain_text("RESOURCE_GROUP:?")
    if not javascript:  # the whole page again, the field filled in
        expect(page.get_by_label("Registry name")).to_have_value("contoso")
    assert axe_findings(browser, live_server, page, javascript) == []

    with page.expect_download() as download:
        results.get_by_role("link", name="Download verify.sh for pe-contoso-hub").click()
    assert download.value.suggested_filename == "verify.sh"
    assert "contoso.northeurope.data.azurecr.io" in Path(download.value.path()).read_text()

    page.locator("#id_replications").fill(json.dumps(fixture("replications.json")))
    page.get_by_role("button", name="Check drift").click()
    expect(results).to_contain_text(
        "Regions: drift checks the registry as az acr replication list shows it"
    )
    expect(results.get_by_role("alert")).to_have_count(0)  # not refused for having both
    assert axe_findings(browser, live_server, page, javascript) == []
    context.close()
