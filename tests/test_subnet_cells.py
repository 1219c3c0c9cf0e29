"""The `cells` filter draws a picture's row as the template did, escaping every value."""

from __future__ import annotations

from django.template import engines

from planner.core.subnet_map import Cell, Role


def test_it_draws_each_cell_with_its_role_and_escaped_title() -> None:
    row = (Cell("10.0.1.4", Role.PLANNED, 'login <server> "x"'), Cell("10.0.1.5", Role.FREE))
    template = engines["django"].from_string("{% load subnet_cells %}{{ row|cells }}")
    assert template.render({"row": row}) == (
        '<span class="cell planned" title="10.0.1.4: planned, login &lt;server&gt; &quot;x&quot;">'
        '</span><span class="cell free" title="10.0.1.5: free"></span>'
    )
