"""Log formatting: requests anyone can send must not fill the log with tracebacks."""

from __future__ import annotations

import logging


class WithoutTraceback(logging.Formatter):
    """The record's message on one line: a refused Host header is the client's error, and its
    traceback (always the same few frames of Django's host check) tells an operator nothing."""

    def formatException(self, ei: object) -> str:
        return ""

    def formatStack(self, stack_info: str) -> str:
        return ""
