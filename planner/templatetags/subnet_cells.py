"""`{{ row.cells|cells }}`: one row of a subnet picture as HTML, built in one call.

A picture has up to 1,024 cells, and the estate page draws one per endpoint: the template
engine's per-variable lookups and escaping made those cells most of the page's server time.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from planner.core.subnet_map import Cell

register = template.Library()


@register.filter
def cells(row: Iterable[Cell]) -> SafeString:
    """Each cell as a span, coloured by its role, with its address and role as its title."""
    return mark_safe(  # every value escaped here, as format_html would, at a third of its cost
        "".join(
            f'<span class="cell {escape(cell.role)}" title="{escape(cell.title)}"></span>'
            for cell in row
        )
    )
