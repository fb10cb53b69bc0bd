"""User text, shown literally.

Names, summaries and notes may hold anything: markup-like brackets, terminal escape
sequences, NUL, bidi overrides. Stored byte for byte, they are shown through `visible()`,
which turns every control and direction-override character into a visible escape (`\\x1b`,
`\\u202e`), so nothing a user typed can clear the screen, set a title, write the clipboard,
or reorder the text around it; line separators and lone surrogates show as escapes too.
Markup safety is the UI's job (Text/Content, never markup strings); this module only
handles characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Bidi embeddings, overrides and isolates, plus the marks that silently flip direction.
_BIDI = {0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
# The line and paragraph separators: line breaks to some renderers and `str.splitlines()`,
# so a one-line field holding one could show (or be cut) as two lines.
_BREAKS = {0x2028, 0x2029}
# Lone surrogates are no characters: bytes that were not UTF-8 on the command line, kept
# by Python as U+DC80..U+DCFF. Printing one raises in a strict UTF-8 terminal.
_SURROGATES = range(0xD800, 0xE000)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _hazard(code: int) -> bool:
    """True for a character `visible()` escapes: C0 and C1 controls, DEL, bidi controls,
    line and paragraph separators, lone surrogates."""
    return code < 0x20 or 0x7F <= code <= 0x9F or code in _BIDI or code in _BREAKS or code in _SURROGATES


# Every character `_hazard()` names, as a regex class (tests check the two agree).
_HAZARDS = r"\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff"


@functools.cache
def _escaped(keep_newlines: bool) -> re.Pattern[str]:
    """The hazards as a compiled regex (the newline left out when lines are kept).
    Compiled on first use: most text is printable and never needs it."""
    if keep_newlines:
        return re.compile(f"[{_HAZARDS}]".replace(r"\x00-\x1f", r"\x00-\x09\x0b-\x1f"))
    return re.compile(f"[{_HAZARDS}]")


def visible(text: str, keep_newlines: bool = False) -> str:
    """`text` with controls and bidi overrides replaced by visible escapes.

    The dashboard shows hundreds of names at once, hence the fast paths: everything
    `_hazard()` names is outside what `str.isprintable()` accepts (controls, format
    characters, separators, surrogates), so printable text comes back as it is, and the
    rest goes through one regex substitution rather than a loop over its characters."""
    if text.isprintable():
        return text
    return _escaped(keep_newlines).sub(lambda match: _escape(match.group()), text)


def one_line(text: str) -> str:
    """`visible()` for places with room for a single line."""
    return visible(text)


def has_letters(text: str) -> bool:
    """True if text holds something besides whitespace and invisible format characters."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cf",) for ch in text)


# One visible character in place of each control, for widgets that must keep the text's length
# (an editable field's cursor counts characters): C0 controls as their Control Pictures (␛ for
# ESC, ␀ for NUL), DEL as ␡, and everything else `visible()` escapes as the replacement mark.
_STAND_INS = {code: chr(0x2400 + code) for code in range(0x20)}
_STAND_INS[0x7F] = "\u2421"
_STAND_INS.update(dict.fromkeys((*range(128, 160), *_BIDI, *_BREAKS), "�"))


def stand_in(text: str) -> str:
    """`text`, same length, with every character `visible()` would escape replaced by one
    visible character (`\\x1b` shows as `␛`, U+202E as `�`), for text being edited in place."""
    out = text.translate(_STAND_INS)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in out):
        out = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in out)
    return out
