"""User text, shown literally.

Names, summaries and notes may hold anything: markup-like brackets, terminal escape
sequences, NUL, bidi overrides, invisible characters. Stored byte for byte, they are shown
through `visible()`, which turns every control, direction-override and invisible format
character into a visible escape (`\\x1b`, `\\u202e`, `\\u200b`), so nothing a user typed can
clear the screen, set a title, write the clipboard, reorder the text around it, or make two
different names look the same ("Globex" and "Glo\\u200bbex"); line separators and lone
surrogates show as escapes too. The two zero-width joiners are the one exception: emoji
sequences (👩‍👩‍👧), Persian and the Indic scripts need them between their characters, so they
are kept between two non-ASCII characters and escaped anywhere else (next to ASCII text, at
either end, next to another invisible character).
Markup safety is the UI's job (Text/Content, never markup strings); this module only
handles characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

# Bidi embeddings, overrides and isolates, plus the marks that silently flip direction.
_BIDI = {0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
# Every invisible format character but the two joiners (Unicode category Cf, as of Python
# 3.11's Unicode 14; the bidi controls are among them): soft hyphen, zero-width space, word
# joiner, BOM, tags... Shown as they are, "Glo\u200bbex" would look like "Globex".
_FORMAT_RANGES = (
    "00AD 0600-0605 061C 06DD 070F 0890-0891 08E2 180E 200B 200E-200F 202A-202E 2060-2064 2066-206F FEFF "
    "FFF9-FFFB 110BD 110CD 13430-13438 1BCA0-1BCA3 1D173-1D17A E0001 E0020-E007F"
)
_FORMAT = {
    code for span in _FORMAT_RANGES.split() for code in range(int(span.split("-")[0], 16), int(span.split("-")[-1], 16) + 1)
}
# Zero-width non-joiner and joiner: escaped unless between two other non-ASCII characters.
_JOINERS = {0x200C, 0x200D}
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
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _hazard(code: int) -> bool:
    """True for a character `visible()` escapes: C0 and C1 controls, DEL, invisible format
    characters (bidi controls among them), line and paragraph separators, lone surrogates; and
    the two joiners when they stand alone (see the module's docstring for their context)."""
    return code < 0x20 or 0x7F <= code <= 0x9F or code in _FORMAT or code in _JOINERS or code in _BREAKS or code in _SURROGATES


# Every character `_hazard()` names but the joiners, as a regex class (tests check they agree).
_HAZARDS = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(
    "-".join(f"\\U{int(code, 16):08x}" for code in span.split("-")) for span in _FORMAT_RANGES.split()
)
# A joiner not between two characters that are neither ASCII, nor a hazard, nor a joiner.
_LONE_JOINER = rf"(?<![^\x00-\x7f{_HAZARDS}\u200c\u200d])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f{_HAZARDS}\u200c\u200d])"


@functools.cache
def _escaped(keep_newlines: bool) -> re.Pattern[str]:
    """The hazards as a compiled regex (the newline left out when lines are kept).
    Compiled on first use: most text is printable and never needs it."""
    hazards = _HAZARDS.replace(r"\x00-\x1f", r"\x00-\x09\x0b-\x1f", 1) if keep_newlines else _HAZARDS
    return re.compile(f"[{hazards}]|{_LONE_JOINER}")


# The most of one text ever shown: a name, a summary or notes longer than this (a file edited by
# hand, another tool's import) is shown cut, with its size, never laid out whole.
DISPLAY_LIMIT = 5_000


def clipped(text: str, limit: int = DISPLAY_LIMIT) -> str:
    """`text`, or its first `limit` characters and a note of its whole size."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [cut: {len(text):,} characters in all]"


def visible(text: str, keep_newlines: bool = False) -> str:
    """`text` with controls, bidi overrides and invisible characters replaced by visible
    escapes, and cut to DISPLAY_LIMIT characters (with its size) when it is longer.

    The dashboard shows hundreds of names at once, hence the fast paths: everything
    `_hazard()` names is outside what `str.isprintable()` accepts (controls, format
    characters, separators, surrogates), so printable text comes back as it is, and the
    rest goes through one regex substitution rather than a loop over its characters."""
    if len(text) > DISPLAY_LIMIT:
        text = clipped(text)
    if text.isprintable():
        return text
    return _escaped(keep_newlines).sub(lambda match: _escape(match.group()), text)


def json_text(data: Any) -> str:
    """`data` as JSON for a terminal or a pipe (what every `--json` prints): indented, keys in
    the order given, non-ASCII text as it is (`Müller`, `€`), and every character `visible()`
    escapes written as a JSON escape (`\\u001b`, `\\u202e`, `\\udce9`): still valid JSON that
    reads back to the very text, but nothing a user typed can act on the terminal showing it."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    # json.dumps has escaped C0 controls inside strings already; its own newlines (the indent)
    # are the only ones left, so they stay.
    return _escaped(True).sub(lambda match: json.dumps(match.group())[1:-1], text)


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
_STAND_INS.update(dict.fromkeys((*range(128, 160), *_FORMAT, *_BREAKS), "\ufffd"))


@functools.cache
def _lone_joiner() -> re.Pattern[str]:
    return re.compile(_LONE_JOINER)


def stand_in(text: str) -> str:
    """`text`, same length, with every character `visible()` would escape replaced by one
    visible character (`\\x1b` shows as `␛`, U+202E as `�`), for text being edited in place."""
    if "\u200c" in text or "\u200d" in text:
        text = _lone_joiner().sub("\ufffd", text)  # in the text's own context, as `visible()` does
    out = text.translate(_STAND_INS)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in out):
        out = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in out)
    return out
