"""One quoting function per language the planner writes a value into: every value that
reaches a printed file goes through the one for its file, whatever validated it before.

- shell: POSIX shell words (`shlex.quote`), for bash scripts and az commands;
- hcl: an HCL quoted string (Terraform); HashiCorp's HCL native syntax specification,
  "Template Literals" and "Quoted Templates": `\\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN`
  escapes, and `$${` and `%%{` for a literal `${` and `%{` (a template would otherwise
  interpolate);
- bicep: a Bicep string (learn.microsoft.com/azure/azure-resource-manager/bicep/data-types,
  "Strings": single quotes, escapes `\\\\ \\' \\n \\r \\t \\u{x}` and `\\$` before `{`);
- powershell: a single-quoted PowerShell string (about_Quoting_Rules: nothing in it is
  expanded; a quote is doubled, and PowerShell takes the typographic single quotes
  U+2018-U+201B for quotes too);
- one_line and printable: text for a comment or a terminal, without control or format
  characters (an escape sequence rewrites the screen, a bidirectional mark reorders it).
"""

from __future__ import annotations

import shlex
import unicodedata

UNPRINTABLE = frozenset(("Cc", "Cf", "Zl", "Zp"))  # controls, format (bidi) marks, separators


def unprintable(character: str) -> bool:
    return unicodedata.category(character) in UNPRINTABLE


def shell(value: str) -> str:
    return shlex.quote(value)


HCL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def hcl(value: str) -> str:
    """`value` as an HCL quoted string, read back as it is."""
    escaped = "".join(
        HCL_ESCAPES.get(c) or (unicode_escape(c) if unprintable(c) else c) for c in value
    )
    return '"' + escaped.replace("${", "$${").replace("%{", "%%{") + '"'


def unicode_escape(character: str) -> str:
    code = ord(character)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


BICEP_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def bicep(value: str) -> str:
    """`value` as a Bicep string, read back as it is (never an interpolation)."""
    escaped = "".join(
        BICEP_ESCAPES.get(c) or (f"\\u{{{ord(c):x}}}" if unprintable(c) else c) for c in value
    )
    return "'" + escaped.replace("${", "\\${") + "'"


POWERSHELL_QUOTES = frozenset("'\u2018\u2019\u201a\u201b")


def powershell(value: str) -> str:
    """`value` as a single-quoted PowerShell string: nothing in it is expanded."""
    return "'" + "".join(c + c if c in POWERSHELL_QUOTES else c for c in value) + "'"


def one_line(text: str) -> str:
    """Text for one comment line: every control, format or separator character a space."""
    return "".join(" " if unprintable(c) else c for c in text)


def printable(text: str) -> str:
    """Text for a terminal, its lines kept: control and format characters left out."""
    return "".join(c for c in text if c == "\n" or not unprintable(c))
