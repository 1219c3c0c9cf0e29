"""The Content-Security-Policy header (Django 5.2 has none built in; Django 6's differs), and
the CSRF check as the pages need it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware


def content_security_policy() -> str:
    """The header's value; the front server sends the same on its own error answers."""
    return "; ".join(
        f"{directive} {sources}" for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
    )


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.header = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response


class PageCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CSRF check for the one unsafe method a page takes, POST.

    Django checks every method but GET, HEAD, OPTIONS and TRACE, before the view's own method
    check: a DELETE or PUT on a page got the CSRF failure page (403) instead of 405 with Allow.
    Other methods now reach the view, which refuses them (no page takes them). The token has
    nothing to guard there: a cross-site form sends only GET and POST, and a script on another
    site can send PUT or DELETE only after a CORS preflight that the planner never grants.
    """

    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., HttpResponseBase],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseForbidden | None:
        if request.method != "POST":
            return None
        return super().process_view(request, callback, callback_args, callback_kwargs)
