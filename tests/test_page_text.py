"""How the pages set names and commands: FQDNs that break at their dots, runbooks cut into
steps, the region inputs of a list that grows."""

from __future__ import annotations

from django.http import QueryDict
from django.template import Context, Template

from planner.core.change.decide import change
from planner.core.renderers.day_two import change_runbook
from planner.forms.day_two_document import read_change
from planner.templatetags.page_text import grown_pickers, runbook_steps, wrap_after
from tests.day_two import change_document


def test_it_lets_an_fqdn_break_after_its_dots_only() -> None:
    assert wrap_after("contoso.northeurope.data.azurecr.io") == (
        "contoso.<wbr>northeurope.<wbr>data.<wbr>azurecr.<wbr>io"
    )
    assert wrap_after("registry_data_eastus", "_") == "registry_<wbr>data_<wbr>eastus"
    assert wrap_after("10.0.1.4") == "10.<wbr>0.<wbr>1.<wbr>4"  # never given an address


def test_it_escapes_the_name_and_lets_only_a_very_long_word_break_inside() -> None:
    assert wrap_after("<b>.io") == "&lt;b&gt;.<wbr>io"
    name = "contoso" * 7 + "c"  # 50 letters, a registry name as long as Azure allows
    assert wrap_after(f"{name}.azurecr.io") == (
        f'<span class="long-word">{name}</span>.<wbr>azurecr.<wbr>io'
    )
    assert "long-word" not in wrap_after("contoso.germanywestcentral.data.azurecr.io")


def test_it_renders_in_a_template_as_html() -> None:
    rendered = Template('{% load page_text %}{{ name|wrap_after:"." }}').render(
        Context({"name": "contoso.azurecr.io"})
    )
    assert rendered == "contoso.<wbr>azurecr.<wbr>io"


def test_it_cuts_a_runbook_into_its_summary_and_each_numbered_step() -> None:
    runbook = change_runbook(change(read_change(change_document())))
    steps = runbook_steps(runbook)
    assert steps[0].title == ""
    assert steps[0].text.startswith("#!/usr/bin/env bash\n# Fits:")
    titles = [step.title for step in steps[1:]]
    assert titles[0].startswith("1. ")
    assert [title.split(".")[0] for title in titles] == [str(n) for n in range(1, len(titles) + 1)]
    assert "\n".join(step.text for step in steps) == runbook.strip("\n").replace("\n\n", "\n")
    assert all(step.text.startswith(f"# {step.title}") for step in steps[1:])


def test_a_text_without_steps_is_one_block() -> None:
    assert [(step.title, step.text) for step in runbook_steps("az acr show\n")] == [
        ("", "az acr show")
    ]
    assert runbook_steps("") == []


def test_it_draws_an_input_per_region_named_and_one_more() -> None:
    pickers = grown_pickers("eastus, West Europe", "public")
    assert [picker.selected for picker in pickers.pickers] == ["eastus", "westeurope", ""]
    posted = QueryDict("regions=eastus&regions=North%20Europe&regions=")
    assert [p.selected for p in grown_pickers(posted, name="regions").pickers] == [
        "eastus",
        "northeurope",
        "",
    ]
    assert [p.selected for p in grown_pickers("", "").pickers] == [""]
    assert [p.selected for p in grown_pickers({}, name="regions").pickers] == [""]
