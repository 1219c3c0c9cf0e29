"""The docs page's sample exchanges are what the API answers to their requests."""

from __future__ import annotations

import json
import re
import shlex
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from django.test import Client


def samples_on(html: str) -> dict[str, tuple[list[str], dict[str, Any]]]:
    found = re.findall(
        r'<code id="sample-(\d+)-request">(.*?)</code>.*?'
        r'<code id="sample-\1-response">(.*?)</code>',
        html,
        re.S,
    )
    return {
        status: (shlex.split(unescape(request)), json.loads(unescape(response)))
        for status, request, response in found
    }


def sent(client: Client, argv: list[str]) -> Any:
    url = urlsplit(next(arg for arg in argv if arg.startswith("http://")))
    assert url.netloc == "testserver"
    if "-d" in argv:
        body = argv[argv.index("-d") + 1]
        return client.post(url.path, body, content_type="application/json")
    return client.get(f"{url.path}?{url.query}")


def test_it_shows_a_200_a_400_and_a_422_exchange_as_the_api_answers_them() -> None:
    client = Client()
    html = client.get("/api/v1/docs").content.decode()
    samples = samples_on(html)
    assert sorted(samples) == ["200", "400", "422"]
    for status, (argv, shown) in samples.items():
        answer = sent(client, argv)
        assert answer.status_code == int(status)
        assert answer.json() == shown
    assert samples["400"][1]["errors"]["regions"]
    assert samples["422"][1]["smallest_prefix"] == 28
