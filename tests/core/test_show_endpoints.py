from __future__ import annotations

import json

import pytest

from planner.core import Cloud, InvalidInput
from planner.core.show_endpoints import (
    WHAT_TO_PASTE,
    ShownEndpoints,
    filled_summary,
    parse_show_endpoints,
)

DOCUMENTED = """{ "loginServer": "myregistry.azurecr.io",
  "dataEndpoints": [ {"region": "eastus", "endpoint": "myregistry.eastus.data.azurecr.io"},
                     {"region": "westus", "endpoint": "myregistry.westus.data.azurecr.io"} ],
  "regionalEndpoints": [ {"region": "eastus", "endpoint": "myregistry.eastus.geo.azurecr.io"},
                         {"region": "westus", "endpoint": "myregistry.westus.geo.azurecr.io"} ] }"""


def test_it_reads_the_documented_output() -> None:
    shown = parse_show_endpoints(DOCUMENTED)
    assert shown.registry == "myregistry"
    assert shown.cloud is Cloud.PUBLIC
    assert shown.regions == ("eastus", "westus")
    assert shown.regional_endpoints


def test_it_reads_a_registry_without_regional_endpoints_in_another_cloud() -> None:
    document = {
        "loginServer": "Contoso.azurecr.us",
        "dataEndpoints": [{"region": "US Gov Virginia", "endpoint": "x"}],
        "regionalEndpoints": [],
    }
    shown = parse_show_endpoints(json.dumps(document))
    assert (shown.registry, shown.cloud, shown.regions) == (
        "contoso",
        Cloud.USGOV,
        ("usgovvirginia",),
    )
    assert not shown.regional_endpoints


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", f"The paste box is empty. {WHAT_TO_PASTE}"),
        ("{not json", f"The pasted text is not JSON (Expecting property name enclosed in double "
         f"quotes, line 1). {WHAT_TO_PASTE}"),
        ("[1, 2]", f"The pasted JSON is not an object with loginServer and dataEndpoints. "
         f"{WHAT_TO_PASTE}"),
        ('{"dataEndpoints": []}', f"The pasted JSON has no loginServer such as "
         f"contoso.azurecr.io. {WHAT_TO_PASTE}"),
        ('{"loginServer": "contoso.example.com", "dataEndpoints": []}', "loginServer "
         "'contoso.example.com' is not a registry login server; it ends in one of azurecr.io, "
         "azurecr.us, azurecr.cn."),
        ('{"loginServer": "contoso.azurecr.io"}', f"The pasted JSON lists no dataEndpoints, so "
         f"it names no region. {WHAT_TO_PASTE}"),
        ('{"loginServer": "contoso.azurecr.io", "dataEndpoints": ["eastus"]}', 'dataEndpoints '
         f'should be a list of {{"region": ..., "endpoint": ...}} objects. {WHAT_TO_PASTE}'),
        ("x" * 100_001, f"The pasted text has 100,001 characters; az acr show-endpoints prints "
         f"far fewer. {WHAT_TO_PASTE}"),
    ],
)  # fmt: skip
def test_it_says_what_is_wrong_and_what_to_paste(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_show_endpoints(text)
    assert str(raised.value) == message


def test_it_says_what_a_paste_fills() -> None:
    one = ShownEndpoints("contoso", Cloud.CHINA, ("chinaeast2",), False)
    assert filled_summary(one) == (
        "Filled from az acr show-endpoints: registry contoso, cloud china, region chinaeast2, "
        "regional endpoints off."
    )
    two = ShownEndpoints("contoso", Cloud.PUBLIC, ("eastus", "westus"), True)
    assert filled_summary(two) == (
        "Filled from az acr show-endpoints: registry contoso, cloud public, regions eastus, "
        "westus (home region first: check it), regional endpoints on."
    )
