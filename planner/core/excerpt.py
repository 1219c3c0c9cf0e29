"""What a page shows again of a paste it refused: the paste itself when short, else its start and
a note saying how much was left out.

A refused paste was shown again whole, escaped for HTML: a 1.75 MB graph answered 3.77 MB. The
message about it (kept whole) names the place of the problem; the start shows which output was
pasted.
"""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_CHARACTERS = 4_000  # more than `az network private-endpoint show` prints for one endpoint


@dataclass(frozen=True)
class Excerpt:
    text: str  # what the box holds again
    note: str = ""  # says what was left out; "" when the text is the whole paste


def excerpt(text: str, limit: int = SHOWN_CHARACTERS) -> Excerpt:
    """The paste whole when it has at most `limit` characters; else its first lines up to
    `limit` characters (a cut mid-line when the first line alone is longer)."""
    if len(text) <= limit:
        return Excerpt(text)
    start = text[:limit]
    line_end = start.rfind("\n")
    if line_end > 0:
        start = start[: line_end + 1]
    return Excerpt(
        start,
        f"The paste has {len(text):,} characters, too many to show again whole: the box holds "
        f"its first {len(start):,}. Paste the whole output again once the problem is fixed.",
    )
