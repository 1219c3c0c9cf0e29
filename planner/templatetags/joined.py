"""`{% joined %}...{% endjoined %}`: a long line of a template written on several lines, read
back as the one line it stands for, so that the page is the same byte for byte.

Inside the block, each line break of the template's own text, with the indentation around it,
is read as nothing where it falls between two tags (HTML or template: `</td>` then `<td>`,
`%}` then `<`) and as one space anywhere else (between two words, or between attributes of a
tag). What the block's variables print is never touched. Loaded on every template (settings'
TEMPLATES builtins).
"""

from __future__ import annotations

import re

from django import template
from django.template.base import Node, NodeList, Parser, TextNode, Token
from django.template.context import Context
from django.utils.safestring import SafeString

register = template.Library()

BREAK = re.compile(r"[ \t]*\n\s*")


def joined_text(text: str, after_tag: bool = True, before_tag: bool = True) -> str:
    """`text` (the template's own, between two template tags when `after_tag` and
    `before_tag`) with each line break read as nothing between two tags, else as one space."""

    def read(found: re.Match[str]) -> str:
        start, end = found.start(), found.end()
        opens = text[start - 1] == ">" if start else after_tag
        closes = text[end] == "<" if end < len(text) else before_tag
        return "" if opens and closes else " "

    return BREAK.sub(read, text)


class JoinedNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        return self.nodelist.render(context)


@register.tag
def joined(parser: Parser, token: Token) -> JoinedNode:
    nodelist = parser.parse(("endjoined",))
    parser.delete_first_token()
    for node in nodelist.get_nodes_by_type(TextNode):
        if isinstance(node, TextNode):
            node.s = joined_text(node.s)
    return JoinedNode(nodelist)
