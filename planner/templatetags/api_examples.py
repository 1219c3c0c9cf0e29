"""`{% plan_commands as commands %}`: the page's plan as copy-ready curl commands, with the
absolute URLs of the server the page came from."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from planner.core.api_examples import Command, curl_commands, plan_body
from planner.core.renderers import plan_exports

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_commands(context: Any) -> tuple[Command, ...]:
    """The commands for the context's plan when it fits; none otherwise."""
    estate, form, query = context.get("estate"), context.get("form"), context.get("query")
    if estate is None or not estate.fits or form is None or not query:
        return ()
    request_of_plan = form.to_request().plan_request
    absolute = context["request"].build_absolute_uri
    exports = [
        (export.label, absolute(reverse("api:plan-export", args=[name])))
        for name, export in plan_exports().items()
        if export.offered(estate)  # the downloads' own rule: what the options let it make
    ]
    return curl_commands(absolute(reverse("api:plan")), query, plan_body(request_of_plan), exports)
