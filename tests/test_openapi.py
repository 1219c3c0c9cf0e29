"""Schemathesis against /api/v1/openapi.json: no server error, every answer as documented."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.core.test_renderers import assert_valid_zone

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schemathesis.check
def zone_files_pass_named_checkzone(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Every zone file schemathesis obtains is read back too, like the other tests' ones."""
    if response.status_code == 200 and response.headers.get("content-type") == ["text/dns"]:
        text = response.text
        origin = text.split("$ORIGIN ", 1)[1].split(".\n", 1)[0]
        with tempfile.TemporaryDirectory() as directory:
            assert_valid_zone(text, origin, Path(directory))
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    zone_files_pass_named_checkzone,
]


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_answers_as_its_openapi_document_says(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
