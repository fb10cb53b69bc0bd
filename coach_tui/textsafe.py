"""User text, shown literally.

Names, summaries and notes may hold anything: markup-like brackets, terminal escape
sequences, NUL, bidi overrides. Stored byte for byte, they are shown through `visible()`,
which turns every control and direction-override character into a visible escape (`\\x1b`,
`\\u202e`), so nothing a user typed can clear the screen, set a title, write the clipboard,
or reorder the text around it. Markup safety is the UI's job (Text/Content, never markup
strings); this module only handles characters.
"""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides and isolates, plus the marks that silently flip direction.
_BIDI = {0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """`text` with controls and bidi overrides replaced by visible escapes."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in _BIDI:
            out.append(_escape(ch))
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str) -> str:
    """`visible()` for places with room for a single line."""
    return visible(text)


def has_letters(text: str) -> bool:
    """True if text holds something besides whitespace and invisible format characters."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf",) for ch in text)
