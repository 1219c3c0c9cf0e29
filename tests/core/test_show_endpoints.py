from __future__ import annotations

import json

import pytest

from planner.core import Cloud, InvalidInput
from planner.core.show_endpoints import parse_show_endpoints

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
    ("text", "words"),
    [
        ("", "empty"),
        ("{not json", "not JSON"),
        ("[1, 2]", "not an object"),
        ('{"dataEndpoints": []}', "no loginServer"),
        ('{"loginServer": "contoso.example.com", "dataEndpoints": []}', "azurecr.io"),
        ('{"loginServer": "contoso.azurecr.io"}', "no dataEndpoints"),
        ('{"loginServer": "contoso.azurecr.io", "dataEndpoints": ["eastus"]}', "list of"),
        ("x" * 100_001, "characters"),
    ],
)
def test_it_says_what_is_wrong_and_what_to_paste(text: str, words: str) -> None:
    with pytest.raises(InvalidInput, match=words) as raised:
        parse_show_endpoints(text)
    assert "az acr show-endpoints" in str(raised.value) or "login server" in str(raised.value)
