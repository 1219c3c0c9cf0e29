"""What a page shows again of the pastes of a form it refused: each paste itself when short,
else its start and a note saying how much was left out.

A refused paste was shown again whole, escaped for HTML: a 1.75 MB graph answered 3.77 MB. The
message about it (kept whole) names the place of the problem; the start shows which output was
pasted. A paste that was read, beside one that was refused, is kept whole up to a larger limit,
so that only the refused one needs pasting again.
"""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_CHARACTERS = 4_000  # of a refused paste: its first lines, where the problem is named
KEPT_CHARACTERS = 100_000  # of a paste that was read: a graph of hundreds of interfaces


@dataclass(frozen=True)
class Excerpt:
    text: str  # what the box holds again
    note: str = ""  # says what was left out; "" when the text is the whole paste


def excerpt(text: str, refused: bool = True) -> Excerpt:
    """The paste whole when it has at most SHOWN_CHARACTERS (KEPT_CHARACTERS when it was read,
    not `refused`); else its first lines up to that many (cut mid-line when the first line alone
    is longer)."""
    limit = SHOWN_CHARACTERS if refused else KEPT_CHARACTERS
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
