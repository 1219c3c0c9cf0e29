"""Files given to /change instead of pasted: each is recognised by its shape and read as the
page says. The day-two document `acr-pe-planner collect` writes is planned as it is; an
estate document fills the registry, its regions and regional endpoints; each az output
fills its box; any other text is a zone file (its own reader says so when it is not one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from planner.core.deployed.kinds import Kind, kind_of
from planner.core.deployed.places import Unreadable, load_json

MAX_FILES = 10
BOX_WORDS = {  # what a box's JSON is, in words
    Kind.DEPLOYED: "the private endpoint (az network private-endpoint show)",
    Kind.GRAPH: "the graph query's answer",
    Kind.RECORDS: "the zone's A records",
    Kind.REPLICATIONS: "the registry's replications",
    Kind.ACR_SHOW: "the registry (az acr show)",
    Kind.ZONE_GROUPS: "the endpoint's zone groups",
}
ONE_ENDPOINT = (
    "a list of private endpoints: give one endpoint's JSON (az network private-endpoint "
    "show), or the document acr-pe-planner collect writes for several."
)


@dataclass
class Uploaded:
    """What the files gave: text for the page's boxes and fields, a whole day-two document,
    a sentence per file read, and the files that could not be read."""

    fields: dict[str, Any] = field(default_factory=dict)  # field name: text, or list of regions
    document: dict[str, Any] | None = None
    read: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_uploads(files: Iterable[UploadedFile[Any]], limit: int) -> Uploaded:
    """Every file read; at most MAX_FILES of at most `limit` bytes each."""
    uploaded = Uploaded()
    for number, upload in enumerate(files, 1):
        name = (upload.name or f"file {number}")[:100]
        if number > MAX_FILES:
            uploaded.problems.append(f"{name}: left out; give at most {MAX_FILES} files.")
            continue
        if (upload.size or 0) > limit:
            uploaded.problems.append(f"{name}: larger than {limit:,} bytes.")
            continue
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            uploaded.problems.append(f"{name}: not UTF-8 text (JSON, or a zone file).")
            continue
        read_one(uploaded, name, text)
    return uploaded


def read_one(uploaded: Uploaded, name: str, text: str) -> None:
    if not text.lstrip().startswith(("{", "[")):
        uploaded.fields["zone_file"] = text
        uploaded.read.append(f"{name}: read as the zone file.")
        return
    try:  # bounded as every paste: its length, its nesting, its numbers' digits
        value = load_json(text, name)
    except Unreadable as problem:
        uploaded.problems.append(str(problem))
        return
    kind = kind_of(value)
    if kind is Kind.DAY_TWO and uploaded.document is not None:
        uploaded.problems.append(f"{name}: a second day-two document; give one at a time.")
    elif kind is Kind.DAY_TWO:
        uploaded.document = value
        uploaded.read.append(f"{name}: {day_two_words(value)}")
    elif kind is Kind.ESTATE:
        uploaded.fields |= estate_fields(value)
        uploaded.read.append(f"{name}: {estate_words(value)}")
    elif kind in BOX_WORDS:
        uploaded.fields[kind.value] = text
        uploaded.read.append(f"{name}: read as {BOX_WORDS[kind]}.")
    elif kind is Kind.ENDPOINT_LIST:
        uploaded.problems.append(f"{name}: {ONE_ENDPOINT}")
    else:
        uploaded.problems.append(
            f"{name}: not a document the page reads: the day-two or estate document, or "
            "the JSON of one of the az commands the boxes name."
        )


def day_two_words(document: dict[str, Any]) -> str:
    """What a day-two document holds, in words: the registry, its endpoints, the records."""
    names = [
        str(endpoint["deployed"].get("name", "?"))[:80]
        for endpoint in document["endpoints"]
        if isinstance(endpoint, dict) and isinstance(endpoint.get("deployed"), dict)
    ]
    count = len(document["endpoints"])
    held = [
        words
        for key, words in (
            ("records", "the zone's records"),
            ("zone_file", "a zone file"),
            ("graph", "the graph query's answer"),
            ("replications", "the replications"),
            ("acr_show", "the registry"),
        )
        if key in document
    ]
    return (
        f"the day-two document of {str(document.get('registry', 'the registry'))[:50]}: "
        f"{count} endpoint{'' if count == 1 else 's'} ({', '.join(names[:10])})"
        + (f", {', '.join(held)}" if held else "")
        + "; planned as it is (the boxes are left aside)."
    )


def estate_fields(document: dict[str, Any]) -> dict[str, Any]:
    """The registry's fields of an estate document, as the page's fields hold them."""
    regions = document.get("regions")
    fields: dict[str, Any] = {
        "registry": str(document.get("registry", ""))[:100],
        "regions": [str(region)[:50] for region in regions[:100]]
        if isinstance(regions, list)
        else [],
        "regional_endpoints": "true" if document.get("regional_endpoints") is True else "",
    }
    if isinstance(cloud := document.get("cloud"), str):
        fields["cloud"] = cloud[:30]
    return fields


def estate_words(document: dict[str, Any]) -> str:
    fields = estate_fields(document)
    return (
        f"an estate document of {fields['registry'] or 'a registry'}: its regions "
        f"({', '.join(fields['regions'][:10]) or 'none'}) are the regions wanted."
    )
