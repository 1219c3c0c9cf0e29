"""Under /api/, no error is ever an HTML page: whatever answered with one, the client gets
problem+json (Django's own 400/404/500 pages, its DEBUG pages, a refused host...)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from planner.api.problems import BAD_REQUEST, MEDIA_TYPE, problem, problem_for_status


def under_api(request: HttpRequest) -> bool:
    return request.path_info == "/api" or request.path_info.startswith("/api/")


class ProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            under_api(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(MEDIA_TYPE)
        ):
            replacement = problem_for_status(response.status_code)
            if "Allow" in response:
                replacement["Allow"] = response["Allow"]
            return replacement
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A request Django refuses (too many query parameters...) is a 400 problem, also with
        DEBUG on, where Django's debug page would re-raise it and answer a text/plain 500."""
        if under_api(request) and isinstance(exception, SuspiciousOperation):
            return problem(BAD_REQUEST, f"The request was refused: {exception}")
        return None
