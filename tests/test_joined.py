"""{% joined %}: a long template line written on several lines is the same line again."""

from __future__ import annotations

import pytest
from django.template import engines

from planner.templatetags.joined import joined_text


def rendered(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("written", "one_line"),
    [
        ('<p class="a"\n   id="b">x</p>', '<p class="a" id="b">x</p>'),  # between attributes
        ("<td>a</td>\n    <td>b</td>", "<td>a</td><td>b</td>"),  # between two tags: nothing
        ("Fits: 3\n  endpoints", "Fits: 3 endpoints"),  # between words: one space
        ("a  \n\t  b", "a b"),
    ],
)
def test_a_line_break_is_nothing_between_tags_and_one_space_elsewhere(
    written: str, one_line: str
) -> None:
    assert joined_text(written) == one_line


def test_it_joins_the_templates_own_text_and_never_what_a_variable_prints() -> None:
    source = (
        "{% joined %}<pre>{{ text }}</pre>{% if n %}\n  <b>{{ n }}</b>\n  endpoints{% endif %}"
        "{% endjoined %}"
    )
    assert rendered(source, text="a\n  b", n=3) == "<pre>a\n  b</pre><b>3</b> endpoints"


def test_a_break_after_a_template_tag_before_a_word_is_a_space() -> None:
    assert rendered("{% joined %}{% if x %}\n  on{% endif %}{% endjoined %}", x=1) == " on"
